import { BatchJob, BatchPartition, planPartitions, settleJob, summarizeJob } from './batch-job';

const job: BatchJob = {
  owner: null,
  id: 'j',
  state: 'RUNNING',
  datasetUri: '/d.jsonl',
  datasetFormat: 'jsonl',
  idColumn: 'id',
  textColumn: 'article',
  keepColumns: [],
  outputTable: '/t',
  partitionSize: 4,
  maxDeliver: 3,
  model: { requestedUri: 'm', modelUri: 'm', name: null, version: null, runId: '', storageLocation: '' },
  totalRows: 10,
  totalPartitions: 3,
  partitionsDone: 0,
  partitionsDeadLettered: 0,
  rowsWritten: 0,
  rowsFailed: 0,
  createdAt: new Date(0),
  finishedAt: null,
  error: null,
};

const part = (p: Partial<BatchPartition>) =>
  ({ state: 'PENDING', rowsWritten: 0, failedRows: [], startRow: 0, endRow: 4, ...p }) as BatchPartition;

describe('planPartitions', () => {
  it('numbers one partition per split in file order, keeping its rows and bytes', () => {
    const splits = [
      { startRow: 0, endRow: 4, startByte: 3, endByte: 90 },
      { startRow: 4, endRow: 6, startByte: 90, endByte: 120 },
    ];
    expect(planPartitions('j', splits)).toEqual([
      { jobId: 'j', partition: 0, ...splits[0] },
      { jobId: 'j', partition: 1, ...splits[1] },
    ]);
  });
});

describe('summarizeJob', () => {
  const now = new Date(5000);

  it('stays RUNNING while a partition is pending', () => {
    const out = summarizeJob(job, [part({ state: 'DONE', rowsWritten: 4 }), part({}), part({})], now);
    expect(out).toMatchObject({ state: 'RUNNING', partitionsDone: 1, rowsWritten: 4, finishedAt: null });
  });

  it('SUCCEEDED when every partition is done without failed rows', () => {
    const out = summarizeJob(
      job,
      [0, 1, 2].map(() => part({ state: 'DONE', rowsWritten: 4 })),
      now,
    );
    expect(out).toMatchObject({ state: 'SUCCEEDED', rowsWritten: 12, rowsFailed: 0, finishedAt: now, error: null });
  });

  it('PARTIALLY_FAILED with failed rows or dead-lettered partitions, FAILED when nothing was written', () => {
    const withRow = summarizeJob(
      job,
      [
        part({ state: 'DONE', rowsWritten: 3, failedRows: [{ id: 'x', error: 'e' }] }),
        part({ state: 'DONE', rowsWritten: 4 }),
        part({ state: 'DEAD_LETTERED', startRow: 8, endRow: 10 }),
      ],
      now,
    );
    expect(withRow).toMatchObject({ state: 'PARTIALLY_FAILED', rowsFailed: 3, partitionsDeadLettered: 1 });
    expect(withRow.error).toMatch(/1 partition\(s\) dead-lettered, 3 row\(s\) failed/);
    const none = summarizeJob(
      job,
      [0, 1, 2].map(() => part({ state: 'DEAD_LETTERED' })),
      now,
    );
    expect(none.state).toBe('FAILED');
  });
});

describe("settleJob (the counters moved by one partition's change)", () => {
  const now = new Date(5000);

  it('equals the recomputation from every partition after each change, including a dead letter later done', () => {
    const partitions = [part({}), part({ startRow: 4, endRow: 8 }), part({ startRow: 8, endRow: 10 })];
    const changes: Array<[number, Partial<BatchPartition>]> = [
      [1, { state: 'DONE', rowsWritten: 3, failedRows: [{ id: 'x', error: 'e' }] }],
      [2, { state: 'DEAD_LETTERED' }],
      [0, { state: 'PENDING', deliveries: 2 }],
      // A late report of a dead-lettered partition commits it after all.
      [2, { state: 'DONE', rowsWritten: 2 }],
      [0, { state: 'DONE', rowsWritten: 4 }],
    ];
    let incremental = job;
    for (const [index, change] of changes) {
      const before = partitions[index];
      partitions[index] = { ...before, ...change };
      incremental = settleJob(incremental, before, partitions[index], now);
      expect(incremental).toEqual(summarizeJob(job, partitions, now));
    }
    expect(incremental).toMatchObject({ state: 'PARTIALLY_FAILED', rowsWritten: 9, rowsFailed: 1, finishedAt: now });
  });

  it('leaves the counters as they are for a change that does not settle the partition', () => {
    const pending = part({});
    expect(settleJob(job, pending, { ...pending, deliveries: 2 } as BatchPartition, now)).toEqual(job);
  });
});
