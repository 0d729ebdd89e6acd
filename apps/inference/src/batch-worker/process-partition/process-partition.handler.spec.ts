import {
  BatchPartitionTask,
  CompletePartitionRequest,
  DeadLetterPartitionRequest,
  InvalidParameterError,
  ServiceUnavailableError,
} from '@llmops/contract';
import { BATCH_LIMITS } from '@llmops/contract';
import { BatchModels, BatchReports, DatasetRows, LeasedModel, PartitionFiles } from '../ports/batch-ports';
import { PartitionDelivery, ProcessPartitionHandler } from './process-partition.handler';

const task: BatchPartitionTask = {
  jobId: 'job1',
  partition: 2,
  datasetUri: '/unused.jsonl',
  datasetFormat: 'jsonl',
  startRow: 10,
  endRow: 13,
  idColumn: 'id',
  textColumn: 'article',
  keepColumns: ['source'],
  outputTable: '/tables/out',
  model: {
    requestedUri: 'models:/news/Production',
    modelUri: 'models:/news/3',
    name: 'news',
    version: '3',
    runId: 'run9',
    storageLocation: 'file:///x',
  },
  maxDeliver: 2,
};

const rows = [
  { id: 'a', article: 'first article text', source: 'wire' },
  { id: 'b', article: 'POISON always fails', source: 'wire' },
  { id: 'c', article: 'third article text', source: 7 },
];

class FakeModels extends BatchModels {
  released = 0;
  async acquire(): Promise<LeasedModel> {
    return {
      summarize: async (article: string) => {
        if (article.startsWith('POISON')) throw new Error('tokenizer exploded');
        return { summary: `S(${article.split(' ')[0]})`, latencyMs: 2 };
      },
      release: () => this.released++,
    };
  }
}

class FakeFiles extends PartitionFiles {
  written: Array<Record<string, unknown>[]> = [];
  async write(_uri: string, out: Record<string, unknown>[], jobId: string) {
    this.written.push(out);
    return { path: `job_id=${jobId}/part-${this.written.length}.parquet`, partitionValues: { job_id: jobId } };
  }
}

class FakeReports extends BatchReports {
  completes: CompletePartitionRequest[] = [];
  deadLetters: DeadLetterPartitionRequest[] = [];
  failuresBeforeAnswer = 0;
  async complete(report: CompletePartitionRequest) {
    if (this.failuresBeforeAnswer-- > 0) throw new ServiceUnavailableError('orchestrator restarting');
    this.completes.push(report);
    return { committed: true, tableVersion: 4 };
  }
  async deadLetter(report: DeadLetterPartitionRequest) {
    this.deadLetters.push(report);
    return { deadLettered: true };
  }
}

function delivery(deliveryCount: number): PartitionDelivery & { beats: number } {
  const d = { task, deliveryCount, beats: 0, heartbeat: () => d.beats++, abandoned: () => false };
  return d;
}

describe('ProcessPartitionHandler', () => {
  let models: FakeModels;
  let files: FakeFiles;
  let reports: FakeReports;
  let readRows: jest.Mock;
  let handler: ProcessPartitionHandler;

  beforeEach(() => {
    models = new FakeModels();
    files = new FakeFiles();
    reports = new FakeReports();
    readRows = jest.fn(async () => rows);
    const datasetRows: DatasetRows = { read: readRows };
    handler = new ProcessPartitionHandler(datasetRows, models, files, reports, {
      workerId: 'w1',
      reportRetryMs: 60_000,
    });
  });

  it('fails rows whose kept value is binary or too large, or whose id is too large, naming sizes only', async () => {
    const huge = 'x'.repeat(BATCH_LIMITS.maxKeptValueBytes + 1);
    readRows.mockResolvedValue([
      { id: 'a', article: 'first article text', source: huge },
      { id: 'b', article: 'second article text', source: new Uint8Array([1, 2, 3]) },
      { id: 'y'.repeat(BATCH_LIMITS.maxIdBytes + 1), article: 'third article text', source: 'ok' },
    ]);
    const outcome = await handler.execute(delivery(1));
    expect(outcome).toMatchObject({ kind: 'completed', rowsWritten: 0 });
    const failed = reports.completes[0].failedRows;
    expect(failed.map((r) => r.id)).toEqual(['a', 'b', 'row-12']);
    expect(failed[0].error).toMatch(/kept column source holds 65537 bytes, over the 65536-byte limit/);
    expect(failed[1].error).toBe('kept column source holds binary data');
    expect(failed[2].error).toMatch(/over the 1024-byte limit of ids/);
    expect(JSON.stringify(failed)).not.toContain('xxxx');
    expect(files.written).toEqual([]);
  });

  it('writes the good rows with lineage, records the poison row with its error, and reports the add', async () => {
    const d = delivery(1);
    const outcome = await handler.execute(d);
    expect(outcome).toEqual({ kind: 'completed', committed: true, rowsWritten: 2, failedRowIds: ['b'] });
    expect(files.written).toHaveLength(1);
    expect(files.written[0].map((r) => [r.article_id, r.row_index, r.summary])).toEqual([
      ['a', 10, 'S(first)'],
      ['c', 12, 'S(third)'],
    ]);
    expect(files.written[0][0]).toMatchObject({
      job_id: 'job1',
      partition: 2,
      model_name: 'news',
      model_version: '3',
      model_uri: 'models:/news/3',
      model_run_id: 'run9',
      latency_ms: 2,
      source: 'wire',
    });
    expect(files.written[0][1].source).toBe('7');
    expect(reports.completes).toEqual([
      expect.objectContaining({
        jobId: 'job1',
        partition: 2,
        rowsWritten: 2,
        failedRows: [{ id: 'b', error: 'tokenizer exploded' }],
        add: { path: 'job_id=job1/part-1.parquet', partitionValues: { job_id: 'job1' } },
        deliveries: 1,
        workerId: 'w1',
      }),
    ]);
    expect(models.released).toBe(1);
    expect(d.beats).toBeGreaterThan(0);
  });

  it('keeps retrying the report while the orchestrator is unavailable', async () => {
    reports.failuresBeforeAnswer = 2;
    const outcome = await handler.execute(delivery(1));
    expect(outcome.kind).toBe('completed');
    expect(reports.completes).toHaveLength(1);
  });

  it('asks for a redelivery when the partition fails before its last delivery, dead-letters on the last', async () => {
    readRows.mockRejectedValue(new InvalidParameterError('disk on fire'));
    expect(await handler.execute(delivery(1))).toMatchObject({
      kind: 'retry',
      error: expect.stringMatching(/disk on fire/),
    });
    expect(reports.deadLetters).toHaveLength(0);
    expect(await handler.execute(delivery(2))).toMatchObject({ kind: 'dead-lettered' });
    expect(reports.deadLetters).toEqual([
      expect.objectContaining({
        jobId: 'job1',
        partition: 2,
        deliveries: 2,
        error: expect.stringMatching(/disk on fire/),
      }),
    ]);
  });

  it('dead-letters without working when the previous (last allowed) delivery was lost', async () => {
    expect(await handler.execute(delivery(3))).toMatchObject({ kind: 'dead-lettered' });
    expect(readRows).not.toHaveBeenCalled();
    expect(reports.deadLetters[0].error).toMatch(/gave up after 2 deliveries/);
  });

  it('refuses a partition whose rows changed since planning', async () => {
    readRows.mockResolvedValue(rows.slice(0, 2));
    expect(await handler.execute(delivery(1))).toMatchObject({
      kind: 'retry',
      error: expect.stringMatching(/changed/),
    });
  });

  it('reports nothing once abandoned', async () => {
    const d = { ...delivery(1), abandoned: () => true };
    expect(await handler.execute(d)).toEqual({ kind: 'abandoned' });
    expect(reports.completes).toHaveLength(0);
  });
});
