import { readFileSync, writeFileSync } from 'node:fs';
import {
  BatchPartitionTask,
  BatchTableRowsView,
  BatchTableView,
  ErrorCode,
  partitionTxnAppId,
  SUBJECTS,
} from '@llmops/contract';
import { DeltaTable } from '@llmops/delta';
import { JSONCodec } from 'nats';
import { NatsServerProcess, rejectionOf, startNatsServer, workQueueFor } from '@llmops/messaging';
import { BatchWorld, deferred, idsOf, Mode, until, writeDataset } from './batch-harness';

/*
 * Faults that must lose nothing and duplicate nothing, against real JetStream + PostgreSQL
 * (services) and the in-process queue + PGlite (embedded). After each: every input row is in the
 * Delta table exactly once (or listed as failed), and the log replays cleanly.
 */
describe.each(['services', 'embedded'] as Mode[])('batch jobs (%s)', (mode) => {
  let world: BatchWorld;
  let nats: NatsServerProcess | undefined;

  beforeAll(async () => {
    if (mode === 'services') nats = await startNatsServer();
  });

  afterAll(async () => {
    await nats?.stop();
  });

  beforeEach(async () => {
    world = new BatchWorld(mode, undefined, nats?.url);
    await world.start();
  });

  afterEach(async () => {
    await world.close();
  });

  it('refuses an invalid job with INVALID_PARAMETER_VALUE and creates nothing', async () => {
    const data = writeDataset(world.dir, 3);
    const base = { datasetUri: data.path, modelName: 'news', outputTable: world.tableUri() };
    for (const bad of [
      { ...base, partitionSize: 0 },
      { ...base, datasetUri: `${world.dir}/datasets/missing.jsonl` },
      { ...base, datasetUri: `${world.dir}/outside-the-roots.jsonl` },
      { ...base, keepColumns: ['no_such_column'] },
      { ...base, modelName: undefined },
      { ...base, datasetUri: `${world.dir}/datasets/data.txt` },
      { ...base, keepColumns: ['summary'] },
    ]) {
      const error = await rejectionOf(world.submit(bad));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    expect(await DeltaTable.exists(world.tableUri())).toBe(false);
    expect(world.resolver.calls).toEqual([]);
  });

  it('runs a job on two workers: every row once with lineage; a poison row is listed, the rest completes', async () => {
    const data = writeDataset(world.dir, 23, [7]);
    const events: Array<{ jobId: string; partition: number; state: string }> = [];
    if (mode === 'services') {
      const sub = (await world.natsConnection()).subscribe(SUBJECTS.batch.events.partition);
      void (async () => {
        for await (const m of sub) {
          const packet = JSONCodec<{ data: { jobId: string; partition: number; state: string } }>().decode(m.data);
          events.push(packet.data);
        }
      })();
    }
    await world.startWorker('w1');
    await world.startWorker('w2');
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 5,
      keepColumns: ['source'],
    });
    expect(submitted.model).toMatchObject({ requestedUri: 'models:/news/Production', modelUri: 'models:/news/3' });
    expect(submitted.partitions.total).toBe(5);
    // A promotion mid-job changes nothing for this job: the version was pinned at submit.
    world.resolver.version = '4';

    const job = await world.waitFinished(submitted.jobId);
    expect(job.state).toBe('PARTIALLY_FAILED');
    expect(job.rows).toEqual({ written: 22, failed: 1 });
    expect(job.failedRowIds).toEqual(['n-7']);
    expect(job.partitions).toMatchObject({ total: 5, done: 5, deadLettered: 0, pending: 0 });
    const poisoned = job.partitionDetails.find((p) => p.partition === 1);
    expect(poisoned?.failedRowIds).toEqual(['n-7']);

    const rows = await world.tableRows();
    expect(idsOf(rows)).toEqual(data.ids.filter((id) => id !== 'n-7').sort());
    const row = rows.find((r) => r.article_id === 'n-3');
    expect(row).toMatchObject({
      job_id: submitted.jobId,
      partition: 0,
      row_index: 3,
      summary: 'summary of 3',
      model_name: 'news',
      model_version: '3',
      model_uri: 'models:/news/3',
      model_run_id: 'run-abc',
      latency_ms: 1.5,
      source: 'wire-0',
    });
    expect(row?.created_at).toBeInstanceOf(Date);

    // The output table through the job: its versions a page at a time, and rows of any version.
    const describe = (request: Record<string, unknown>) =>
      world.client.request<BatchTableView>(SUBJECTS.batch.tables.history, { jobId: submitted.jobId, ...request });
    const latest = await describe({ limit: 2 });
    expect(latest).toMatchObject({ table: submitted.outputTable, latestVersion: 5, rows: 22, files: 5 });
    expect(latest.columns.find((c) => c.name === 'summary')).toMatchObject({ type: 'string', partition: false });
    expect(latest.versions.map((v) => [v.version, v.operation, v.batchJobId])).toEqual([
      [5, 'WRITE', submitted.jobId],
      [4, 'WRITE', submitted.jobId],
    ]);
    expect(latest.nextBefore).toBe(4);
    const older = await describe({ limit: 10, before: 4 });
    expect(older.versions.map((v) => v.version)).toEqual([3, 2, 1, 0]);
    expect(older.versions.at(-1)?.operation).toBe('CREATE TABLE');
    expect(older.nextBefore).toBeNull();
    const added = [...latest.versions, ...older.versions].reduce((n, v) => n + v.addedRows, 0);
    expect(added).toBe(22);
    const atTwo = await world.client.request<BatchTableRowsView>(SUBJECTS.batch.tables.rows, {
      jobId: submitted.jobId,
      version: 2,
      limit: 3,
    });
    const throughTwo = older.versions.filter((v) => v.version <= 2).reduce((n, v) => n + v.addedRows, 0);
    expect(atTwo).toMatchObject({ version: 2, totalRows: throughTwo, files: 2 });
    expect(atTwo.rows).toHaveLength(3);
    expect(typeof atTwo.rows[0].created_at).toBe('string');
    for (const [subject, request, code] of [
      [SUBJECTS.batch.tables.history, { jobId: 'no-such-job' }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
      [SUBJECTS.batch.tables.rows, { jobId: submitted.jobId, version: 99 }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
      [SUBJECTS.batch.tables.rows, { jobId: submitted.jobId, limit: 100_000 }, ErrorCode.INVALID_PARAMETER_VALUE],
      [SUBJECTS.batch.tables.history, { jobId: submitted.jobId, before: -1 }, ErrorCode.INVALID_PARAMETER_VALUE],
    ] as const) {
      expect((await rejectionOf(world.client.request(subject, request))).code).toBe(code);
    }
    if (mode === 'services') {
      const ours = () => events.filter((e) => e.jobId === submitted.jobId);
      await until(() => ours().length >= 5, 'five partition events');
      expect(
        ours()
          .map((e) => e.partition)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('splits a CSV dataset (BOM, CRLF, newlines and quotes inside quoted fields) into byte ranges: every row once', async () => {
    const tag = world.dir.split('/').pop();
    const records = Array.from({ length: 7 }, (_, i) => {
      // Row 2's kept column holds a quoted newline and a doubled quote; row 4's article a CRLF.
      const source = i === 2 ? '"wire\n""2"""' : `wire-${i}`;
      const article =
        i === 4 ? `"Article ${i} on été [${tag}].\r\nIt goes on."` : `Article ${i} on été [${tag}]. More.`;
      return `n-${i},${article},${source}`;
    });
    writeFileSync(`${world.dir}/datasets/prod.csv`, '\uFEFFid,article,source\r\n' + records.join('\r\n'));
    await world.startWorker('w1');
    const submitted = await world.submit({
      datasetUri: `${world.dir}/datasets/prod.csv`,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 2,
      keepColumns: ['source'],
    });
    expect(submitted.totalRows).toBe(7);
    expect(submitted.partitionDetails.map((p) => [p.startRow, p.endRow])).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 7],
    ]);
    const job = await world.waitFinished(submitted.jobId);
    expect(job.state).toBe('SUCCEEDED');
    const rows = await world.tableRows();
    expect(idsOf(rows)).toEqual(records.map((_, i) => `n-${i}`).sort());
    // row_index is the record's index in the file, whatever partition wrote it.
    for (const row of rows) expect(row.row_index).toBe(Number(String(row.article_id).slice(2)));
    expect(rows.find((r) => r.article_id === 'n-2')?.source).toBe('wire\n"2"');
    expect(rows.find((r) => r.article_id === 'n-4')).toMatchObject({ partition: 2, summary: 'summary of 4' });
  });

  it('redelivers the partition of a worker killed mid-partition to another worker', async () => {
    const data = writeDataset(world.dir, 4);
    const hold = deferred();
    const holding = deferred();
    const doomed = await world.startWorker('doomed');
    doomed.cache.hook = async (article) => {
      if (!world.owns(article)) return;
      holding.resolve();
      await hold.promise;
    };
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 2,
    });
    await holding.promise;
    await doomed.service.kill();
    const survivor = await world.startWorker('survivor');

    const job = await world.waitFinished(submitted.jobId);
    hold.resolve();
    expect(job.state).toBe('SUCCEEDED');
    expect(job.partitionDetails.every((p) => p.workerId === 'survivor')).toBe(true);
    expect(Math.max(...job.partitionDetails.map((p) => p.deliveries))).toBeGreaterThanOrEqual(2);
    expect(survivor.service.outcomes.some((o) => o.jobId === submitted.jobId && o.deliveryCount >= 2)).toBe(true);
    expect(idsOf(await world.tableRows())).toEqual([...data.ids].sort());
  });

  it('treats the same partition task delivered twice as one', async () => {
    const data = writeDataset(world.dir, 6);
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 3,
    });
    // A publisher retry with the same id is dropped by the queue...
    const queue = workQueueFor(world.transport, mode === 'services' ? await world.natsConnection() : null);
    const spec = { ...world.queueNames, name: world.queueNames.stream, ackWaitMs: world.ackWaitMs, maxDeliver: 101 };
    const task: BatchPartitionTask = {
      jobId: submitted.jobId,
      partition: 1,
      datasetUri: data.path,
      datasetFormat: 'jsonl',
      startRow: 3,
      endRow: 6,
      idColumn: 'id',
      textColumn: 'article',
      keepColumns: [],
      outputTable: world.tableUri(),
      model: submitted.model,
      maxDeliver: 3,
    };
    expect(await queue.publish(spec, `${submitted.jobId}/1`, task)).toEqual({ duplicate: true });
    // ...and one that gets through anyway (after the de-duplication window) is processed twice.
    expect(await queue.publish(spec, `${submitted.jobId}/1/again`, task)).toEqual({ duplicate: false });

    const worker = await world.startWorker('w1');
    const job = await world.waitFinished(submitted.jobId);
    const ours = () => worker.service.outcomes.filter((o) => o.jobId === submitted.jobId);
    await until(() => ours().length === 3, 'the duplicate to be processed');
    const second = ours()
      .filter((o) => o.partition === 1)
      .map((o) => o.outcome);
    expect(second).toEqual([
      expect.objectContaining({ kind: 'completed', committed: true }),
      expect.objectContaining({ kind: 'completed', committed: false }),
    ]);
    expect(job.state).toBe('SUCCEEDED');
    expect(idsOf(await world.tableRows())).toEqual([...data.ids].sort());
  });

  it('makes a retried commit (its answer lost) and partitions finishing out of order no-ops or appends', async () => {
    const data = writeDataset(world.dir, 9);
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 3,
    });
    const table = await DeltaTable.open(world.tableUri());
    const fileFor = async (partition: number) =>
      table.writeDataFile(
        [0, 1, 2].map((i) => {
          const index = partition * 3 + i;
          return {
            job_id: submitted.jobId,
            partition,
            row_index: index,
            article_id: `n-${index}`,
            summary: `s${index}`,
            model_name: 'news',
            model_version: '3',
            model_uri: 'models:/news/3',
            model_run_id: 'run-abc',
            latency_ms: 1,
            created_at: new Date(),
          };
        }),
        { job_id: submitted.jobId },
      );
    const report = (partition: number, add: unknown) =>
      world.client.request<{ committed: boolean; tableVersion: number | null }>(SUBJECTS.batch.partitions.complete, {
        jobId: submitted.jobId,
        partition,
        add,
        rowsWritten: 3,
        failedRows: [],
        deliveries: 1,
        workerId: 'test',
        summarizeMs: 1,
      });

    // Out of order: 2 before 0 before 1.
    const add2 = await fileFor(2);
    const first = await report(2, add2);
    expect(first.committed).toBe(true);
    // Its answer was lost: the worker retries the same report, then a redelivery reports a new file.
    expect(await report(2, add2)).toEqual({ committed: false, tableVersion: first.tableVersion });
    expect((await report(2, await fileFor(2))).committed).toBe(false);

    // The orchestrator crashed after committing partition 0 to the table but before recording it.
    const add0 = await fileFor(0);
    await table.commitAdds([add0], { txn: { appId: partitionTxnAppId(submitted.jobId, 0), version: 0 } });
    expect((await report(0, add0)).committed).toBe(false);
    expect((await report(1, await fileFor(1))).committed).toBe(true);

    const job = await world.job(submitted.jobId);
    expect(job.state).toBe('SUCCEEDED');
    expect(job.rows.written).toBe(9);
    expect(idsOf(await world.tableRows())).toEqual([...data.ids].sort());
  });

  it('finishes a job after the orchestrator is stopped and restarted mid-job', async () => {
    const data = writeDataset(world.dir, 12);
    const gate = { open: deferred(), closed: false };
    const worker = await world.startWorker('w1');
    let seen = 0;
    worker.cache.hook = async (article) => {
      if (!world.owns(article)) return;
      seen++;
      // Hold the worker once two partitions are through, while the orchestrator goes away.
      if (seen === 7) await gate.open.promise;
    };
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 3,
    });
    await until(async () => (await world.job(submitted.jobId)).partitions.done === 2, 'two partitions done');
    await world.stopOrchestrator();
    // The held partition finishes while no orchestrator answers: its report is retried.
    gate.open.resolve();
    await until(
      () => worker.cache.articles.filter((a) => world.owns(a)).length >= 9,
      'the held partition to be summarized',
    );
    await world.startOrchestrator();

    const job = await world.waitFinished(submitted.jobId);
    expect(job.state).toBe('SUCCEEDED');
    expect(job.partitions).toMatchObject({ total: 4, done: 4 });
    expect(idsOf(await world.tableRows())).toEqual([...data.ids].sort());
    const history = await (await DeltaTable.open(world.tableUri())).history();
    expect(history.filter((h) => h.operation === 'WRITE')).toHaveLength(4);
  });

  it('dead-letters a partition that fails on every delivery, completes the rest and reports the failure', async () => {
    const data = writeDataset(world.dir, 4);
    const submitted = await world.submit({
      datasetUri: data.path,
      modelName: 'news',
      outputTable: world.tableUri(),
      partitionSize: 2,
      maxDeliver: 2,
    });
    // The file loses its last rows after planning: partition 1 can never be read.
    writeFileSync(data.path, readFileSync(data.path, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    await world.startWorker('w1');
    const job = await world.waitFinished(submitted.jobId);
    expect(job.state).toBe('PARTIALLY_FAILED');
    expect(job.partitions).toMatchObject({ done: 1, deadLettered: 1, pending: 0 });
    const dead = job.partitionDetails[1];
    // At least the job's two deliveries (a stalled event loop may cost one more: at-least-once).
    expect(dead.state).toBe('DEAD_LETTERED');
    expect(dead.deliveries).toBeGreaterThanOrEqual(2);
    expect(dead.error).toMatch(/changed since the job was planned|gave up after 2 deliveries/);
    expect(job.rows).toEqual({ written: 2, failed: 2 });
    expect(idsOf(await world.tableRows())).toEqual(['n-0', 'n-1']);
  });
});
