import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { InvalidParameterError, type BatchJobDetailView, type BatchJobState } from '@llmops/contract';
import { PlatformClient, SubmitBatchJob } from '../../client/platform-client';
import { EXIT } from '../../output/exit-codes';
import {
  CliRuntime,
  CommandContext,
  commandGroup,
  processRuntime,
  remoteAction,
  remoteOptions,
} from '../remote-command';
import { positiveInt } from '../runs/runs.command';
import { formatJob, formatJobs } from './batch.view';

export const DEFAULT_BATCH_MODEL = 'models:/news-summarizer/Production';

/** A job's end state as an exit code: only a job that wrote every row is a success. */
export function exitCodeOfJob(state: BatchJobState): number {
  return state === 'SUCCEEDED' ? EXIT.OK : EXIT.UNEXPECTED;
}

export interface WatchOptions {
  intervalMs: number;
  /** Progress bar stream (stderr); none when undefined. */
  progress?: NodeJS.WritableStream;
  /** Called after each poll (tests count polls instead of waiting on time). */
  onPoll?: (job: BatchJobDetailView) => void;
  sleep?: (ms: number) => Promise<unknown>;
}

/** Polls a job until it leaves RUNNING, advancing a bar per settled partition. */
export async function watchJob(
  client: PlatformClient,
  jobId: string,
  options: WatchOptions,
): Promise<BatchJobDetailView> {
  const wait = options.sleep ?? sleep;
  let job = await client.getBatchJob(jobId);
  const bar = options.progress
    ? new SingleBar({
        stream: options.progress,
        format: 'batch {jobId} [{bar}] {value}/{total} partitions | {rows} rows | {state}',
        // A bar on a pipe too: CI logs show the progress lines.
        noTTYOutput: true,
        notTTYSchedule: 5000,
      })
    : undefined;
  const payload = (j: BatchJobDetailView) => ({ jobId: j.jobId, rows: j.rows.written, state: j.state });
  const settled = (j: BatchJobDetailView) => j.partitions.done + j.partitions.deadLettered;
  bar?.start(job.partitions.total, settled(job), payload(job));
  try {
    options.onPoll?.(job);
    while (job.state === 'RUNNING') {
      await wait(options.intervalMs);
      job = await client.getBatchJob(jobId);
      bar?.update(settled(job), payload(job));
      options.onPoll?.(job);
    }
  } finally {
    bar?.stop();
  }
  return job;
}

async function finishWatch(ctx: CommandContext, client: PlatformClient, jobId: string, intervalMs: number) {
  const job = await watchJob(client, jobId, { intervalMs, progress: ctx.runtime.stderr });
  ctx.print(job, () => formatJob(job));
  if (job.state !== 'SUCCEEDED') {
    ctx.note(`error: BATCH_${job.state}: job ${job.jobId} ended ${job.state}${job.error ? `: ${job.error}` : ''}`);
  }
  return exitCodeOfJob(job.state);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `llmops batch submit|watch|list` */
export function registerBatchCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'batch', 'Production batch inference into a Delta table', runtime);

  remoteOptions(group.command('submit').description('Summarize a dataset with a model, appending to a Delta table'))
    .option(
      '--dataset <name>',
      'dataset on the server (a name under its dataset roots, e.g. news/prod.jsonl); with --upload, the name to upload as',
    )
    .option(
      '--upload <file>',
      'upload this local JSONL, CSV or Parquet file first (as --dataset, default its file name)',
    )
    .option('--model <uri>', 'model URI', DEFAULT_BATCH_MODEL)
    .requiredOption('--table <name>', 'the Delta table to append to, by name (created if new: you then manage it)')
    .option('--partition-size <n>', 'rows per partition', positiveInt)
    .option('--keep-column <name>', 'input column copied next to the summary (repeatable)', collect)
    .option('--watch', 'follow the job until it ends (progress on stderr)')
    .option('--interval <ms>', 'with --watch: poll interval', positiveInt, 1000)
    .action(
      remoteAction<{
        dataset?: string;
        upload?: string;
        model: string;
        table: string;
        partitionSize?: number;
        keepColumn?: string[];
        watch?: boolean;
        interval: number;
      }>(runtime, async (ctx, _args, opts) => {
        let dataset = opts.dataset;
        if (opts.upload) {
          const uploaded = await ctx.client.uploadDataset(dataset ?? basename(opts.upload), opts.upload);
          dataset = uploaded.dataset.name;
          ctx.note(`${uploaded.created ? 'uploaded' : 'already uploaded'} dataset ${dataset}`);
        }
        if (!dataset) throw new InvalidParameterError('give --dataset <name> (on the server) or --upload <file>');
        const request: SubmitBatchJob = {
          datasetUri: dataset,
          modelUri: opts.model,
          outputTable: opts.table,
          ...(opts.partitionSize ? { partitionSize: opts.partitionSize } : {}),
          ...(opts.keepColumn?.length ? { keepColumns: opts.keepColumn } : {}),
        };
        const job = await ctx.client.submitBatchJob(request);
        if (!opts.watch) {
          ctx.print(job, () => `${formatJob(job)}\nfollow it with: llmops batch watch ${job.jobId}`);
          return;
        }
        ctx.note(`submitted batch job ${job.jobId}`);
        return finishWatch(ctx, ctx.client, job.jobId, opts.interval);
      }),
    );

  remoteOptions(group.command('watch').description('Follow a batch job until it ends (progress bar on stderr)'))
    .argument('<job_id>')
    .option('--interval <ms>', 'poll interval', positiveInt, 1000)
    .action(
      remoteAction<{ interval: number }>(runtime, async (ctx, [jobId], opts) =>
        finishWatch(ctx, ctx.client, jobId, opts.interval),
      ),
    );

  remoteOptions(group.command('list').description('Batch jobs, newest first'))
    .option('--state <state>', 'RUNNING | SUCCEEDED | PARTIALLY_FAILED | FAILED')
    .option('--limit <n>', 'at most n jobs', positiveInt)
    .action(
      remoteAction<{ state?: string; limit?: number }>(runtime, async (ctx, _args, opts) => {
        const jobs = await ctx.client.listBatchJobs({ state: opts.state, limit: opts.limit });
        ctx.print({ jobs }, () => formatJobs(jobs));
      }),
    );
  return group;
}
