import { Command } from 'commander';
import { registerBatchCommand } from './batch/batch.command';
import { registerDatasetsCommand } from './datasets/datasets.command';
import { registerTablesCommand } from './tables/tables.command';
import { registerExperimentsCommand } from './experiments/experiments.command';
import { registerModelsCommand } from './models/models.command';
import { CliRuntime } from './remote-command';
import { registerRunsCommand } from './runs/runs.command';
import { registerSummarizeTextCommand } from './summarize-text/summarize-text.command';

export * from './remote-command';
export { registerBatchCommand, registerExperimentsCommand, registerModelsCommand, registerRunsCommand };
export { registerSummarizeTextCommand, registerDatasetsCommand, registerTablesCommand };

/** The day-to-day remote commands on one program (tests build a CLI with a captured runtime). */
export function registerRemoteCommands(program: Command, runtime: CliRuntime): Command {
  registerExperimentsCommand(program, runtime);
  registerRunsCommand(program, runtime);
  registerModelsCommand(program, runtime);
  registerBatchCommand(program, runtime);
  registerDatasetsCommand(program, runtime);
  registerTablesCommand(program, runtime);
  registerSummarizeTextCommand(program, runtime);
  return program;
}
