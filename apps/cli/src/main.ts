import 'reflect-metadata';
import { Command } from 'commander';
import { registerServeCommand } from './platform/serve.command';
import { registerSummarizeCommand } from './commands/summarize.command';
import { registerRougeCommand } from './commands/rouge.command';
import { registerExperimentsCommand } from './commands/experiments/experiments.command';
import { registerRunsCommand } from './commands/runs/runs.command';
import { registerModelsCommand } from './commands/models/models.command';
import { registerBatchCommand } from './commands/batch/batch.command';
import { registerDatasetsCommand } from './commands/datasets/datasets.command';
import { registerTablesCommand } from './commands/tables/tables.command';
import { registerSummarizeTextCommand } from './commands/summarize-text/summarize-text.command';
import { registerWalkthroughCommand } from './walkthrough/walkthrough.command';

/** The `llmops` command. Each command registers itself; `serve` runs the embedded platform. */
const program = new Command('llmops').description('LLMOps platform for news summarization').showHelpAfterError();
registerServeCommand(program);
registerSummarizeCommand(program);
registerRougeCommand(program);
registerExperimentsCommand(program);
registerRunsCommand(program);
registerModelsCommand(program);
registerBatchCommand(program);
registerDatasetsCommand(program);
registerTablesCommand(program);
registerSummarizeTextCommand(program);
registerWalkthroughCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
