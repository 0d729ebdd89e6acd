import { Command } from 'commander';
import type { ExperimentView } from '@llmops/contract';
import { formatTable, formatTime } from '../../output/table';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';

export function formatExperiments(experiments: ExperimentView[]): string {
  if (experiments.length === 0) return '(no experiments)';
  return formatTable(
    ['ID', 'NAME', 'LIFECYCLE', 'CREATED', 'ARTIFACT LOCATION'],
    experiments.map((e) => [
      e.experiment_id,
      e.name,
      e.lifecycle_stage,
      formatTime(e.creation_time),
      e.artifact_location,
    ]),
  );
}

/** `llmops experiments list` */
export function registerExperimentsCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'experiments', 'Tracking experiments of a running platform', runtime);
  remoteOptions(group.command('list').description('List experiments'))
    .option('--all', 'include deleted experiments')
    .action(
      remoteAction<{ all?: boolean }>(runtime, async (ctx, _args, opts) => {
        const experiments = await ctx.client.listExperiments(opts.all ? 'ALL' : 'ACTIVE_ONLY');
        ctx.print({ experiments }, () => formatExperiments(experiments));
      }),
    );
  return group;
}
