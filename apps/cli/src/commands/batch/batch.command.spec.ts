import { PassThrough } from 'node:stream';
import type { BatchJobDetailView, BatchJobState } from '@llmops/contract';
import { PlatformClient } from '../../client/platform-client';
import { formatJob, formatJobs } from './batch.view';
import { exitCodeOfJob, watchJob } from './batch.command';

function job(state: BatchJobState, done: number, written: number): BatchJobDetailView {
  return {
    jobId: 'job-1',
    state,
    owner: null,
    datasetUri: '/data/prod.jsonl',
    datasetFormat: 'jsonl',
    idColumn: 'id',
    textColumn: 'article',
    keepColumns: [],
    outputTable: '/tables/out',
    partitionSize: 10,
    model: {
      requestedUri: 'models:/m/Production',
      modelUri: 'models:/m/3',
      name: 'm',
      version: '3',
      runId: 'r',
      storageLocation: 'file:///x',
    },
    totalRows: 30,
    partitions: { total: 3, done, deadLettered: 0, pending: 3 - done },
    rows: { written, failed: 0 },
    throughputRowsPerSec: null,
    createdAt: 0,
    finishedAt: null,
    error: null,
    partitionDetails: [],
    failedRowIds: [],
  };
}

describe('batch watch', () => {
  it('polls until the job leaves RUNNING and draws progress on the given stream', async () => {
    const answers = [job('RUNNING', 0, 0), job('RUNNING', 2, 20), job('SUCCEEDED', 3, 30)];
    const client = { getBatchJob: async () => answers.shift() } as unknown as PlatformClient;
    const polled: string[] = [];
    const sleeps: number[] = [];
    let drawn = '';
    const progress = new PassThrough();
    progress.on('data', (c: Buffer) => (drawn += c.toString()));
    const final = await watchJob(client, 'job-1', {
      intervalMs: 250,
      progress,
      onPoll: (j) => polled.push(`${j.state}:${j.partitions.done}`),
      sleep: async (ms) => sleeps.push(ms),
    });
    expect(final.state).toBe('SUCCEEDED');
    expect(polled).toEqual(['RUNNING:0', 'RUNNING:2', 'SUCCEEDED:3']);
    expect(sleeps).toEqual([250, 250]);
    await new Promise((r) => setImmediate(r));
    expect(drawn).toContain('3/3 partitions');
  });

  it('exits 0 only when every row was written', () => {
    expect(exitCodeOfJob('SUCCEEDED')).toBe(0);
    expect(exitCodeOfJob('PARTIALLY_FAILED')).toBe(1);
    expect(exitCodeOfJob('FAILED')).toBe(1);
  });

  it('formats a job and a job list', () => {
    const j = { ...job('PARTIALLY_FAILED', 3, 28), failedRowIds: ['a7', 'a9'] };
    expect(formatJob(j)).toContain('28 written, 0 failed, of 30');
    expect(formatJob(j)).toContain('failed rows: a7, a9');
    const list = formatJobs([j]).split('\n');
    expect(list[0]).toMatch(/^JOB ID\s+STATE\s+MODEL/);
    expect(list[1]).toMatch(/^job-1\s+PARTIALLY_FAILED\s+models:\/m\/3\s+28\/30/);
  });
});
