import { Command, InvalidArgumentError } from 'commander';
import type { RunView } from '@llmops/contract';
import { PlatformClient } from '../../client/platform-client';
import { compareRuns, formatComparison, RunComparison } from '../../output/run-compare';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';
import { formatRunDetails, formatRunsList, RunDetails } from './runs.view';

/** The platform answers at most this many runs a page (MLflow's limit). */
const PAGE_LIMIT = 1000;

export interface ListRunsQuery {
  experiment: string;
  filter?: string;
  orderBy?: string[];
  max: number;
}

/** Runs of one experiment (by name or id), following pages until `max`. */
export async function listRuns(client: PlatformClient, q: ListRunsQuery) {
  const experiment = await client.findExperiment(q.experiment);
  const runs: RunView[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns({
      experiment_ids: [experiment.experiment_id],
      ...(q.filter ? { filter: q.filter } : {}),
      ...(q.orderBy?.length ? { order_by: q.orderBy } : {}),
      max_results: Math.min(PAGE_LIMIT, q.max - runs.length),
      ...(pageToken ? { page_token: pageToken } : {}),
    });
    runs.push(...page.runs);
    pageToken = page.next_page_token;
  } while (pageToken && runs.length < q.max);
  return { experiment, runs: runs.slice(0, q.max) };
}

export async function showRun(client: PlatformClient, runId: string): Promise<RunDetails> {
  const run = await client.getRun(runId);
  const artifacts = await client.listArtifacts(runId);
  return { run, artifacts: { root_uri: artifacts.root_uri, files: artifacts.files ?? [] } };
}

export async function compareRunIds(client: PlatformClient, a: string, b: string): Promise<RunComparison> {
  const [runA, runB] = await Promise.all([client.getRun(a), client.getRun(b)]);
  return compareRuns(runA, runB);
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `llmops runs list|show|compare` */
export function registerRunsCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'runs', 'Tracking runs of a running platform', runtime);

  remoteOptions(group.command('list').description("List an experiment's runs, newest first"))
    .requiredOption('-e, --experiment <name|id>', 'experiment name or id')
    .option('--filter <filter>', 'MLflow filter, e.g. "metrics.rougeL > 0.2 and params.flavor = \'extractive\'"')
    .option('--order-by <clause>', "e.g. 'metrics.rougeL DESC' (repeatable)", collect)
    .option('--max <n>', 'at most this many runs', positiveInt, 100)
    .action(
      remoteAction<{ experiment: string; filter?: string; orderBy?: string[]; max: number }>(
        runtime,
        async (ctx, _args, opts) => {
          const result = await listRuns(ctx.client, opts);
          ctx.print(result, () => formatRunsList(result.runs));
        },
      ),
    );

  remoteOptions(group.command('show').description('A run: info, params, latest metrics, tags, datasets, artifacts'))
    .argument('<run_id>')
    .action(
      remoteAction(runtime, async (ctx, [runId]) => {
        const details = await showRun(ctx.client, runId);
        ctx.print(details, () => formatRunDetails(details));
      }),
    );

  remoteOptions(group.command('compare').description('Two runs side by side: params and metrics, differences marked'))
    .argument('<run_a>')
    .argument('<run_b>')
    .action(
      remoteAction(runtime, async (ctx, [a, b]) => {
        const comparison = await compareRunIds(ctx.client, a, b);
        ctx.print(comparison, () => formatComparison(comparison));
      }),
    );
  return group;
}
