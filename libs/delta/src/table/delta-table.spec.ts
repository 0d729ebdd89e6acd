import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import {
  DeltaLogCorruptedError,
  DeltaSchemaMismatchError,
  DeltaTableAlreadyExistsError,
  DeltaTableNotFoundError,
  DeltaVersionNotFoundError,
} from '../errors';
import { platformMetrics } from '@llmops/observability';
import { commitPath } from '../log/log-files';
import { DeltaColumn, DeltaRow } from '../schema/columns';
import { SUMMARIES_TABLE, SummaryRow } from '../schema/summaries.schema';
import { duckdbParquetSchema, duckdbQuery, duckdbRowCount } from '../testing/duckdb';
import { tempTableDir } from '../testing/temp-table';
import { DeltaTable } from './delta-table';

const EVENTS: DeltaColumn[] = [
  { name: 'id', type: 'long', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'double' },
  { name: 'at', type: 'timestamp' },
  { name: 'ok', type: 'boolean' },
];

function events(from: number, count: number): DeltaRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: from + i,
    name: `event-${from + i}`,
    score: (from + i) / 2,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)),
    ok: (from + i) % 2 === 0,
  }));
}

function summary(jobId: string, partition: number, row: number): SummaryRow {
  return {
    job_id: jobId,
    partition_id: partition,
    row_index: row,
    article_id: `a-${partition}-${row}`,
    summary: `summary of article ${row}`,
    model_uri: 'models:/news-summarizer/Production',
    model_version: '3',
    latency_ms: 12.5 + row,
    input_chars: 1000 + row,
    ok: true,
    error: null,
    worker_id: 'w1',
    created_at: new Date(Date.UTC(2026, 10, 27, 10, 0, row)),
  };
}

function readLines(dir: string, version: number): Record<string, unknown>[] {
  return readFileSync(path.join(dir, commitPath(version)), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function dataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.parquet')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

describe('DeltaTable', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempTableDir()));
  afterEach(() => cleanup());

  describe('create', () => {
    it('writes version 0 with commitInfo, protocol and metaData per the protocol', async () => {
      await DeltaTable.create(dir, {
        ...SUMMARIES_TABLE,
        configuration: { 'delta.appendOnly': 'true' },
      });
      const lines = readLines(dir, 0);
      expect(lines.map((l) => Object.keys(l)[0])).toEqual(['commitInfo', 'protocol', 'metaData']);
      expect(lines[0].commitInfo).toMatchObject({ operation: 'CREATE TABLE', engineInfo: expect.any(String) });
      expect(lines[1].protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
      const meta = lines[2].metaData as Record<string, unknown>;
      expect(meta).toMatchObject({
        format: { provider: 'parquet', options: {} },
        partitionColumns: ['job_id'],
        configuration: { 'delta.appendOnly': 'true' },
        createdTime: expect.any(Number),
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const schema = JSON.parse(meta.schemaString as string);
      expect(schema.type).toBe('struct');
      expect(schema.fields).toContainEqual({ name: 'job_id', type: 'string', nullable: false, metadata: {} });
      expect(schema.fields).toContainEqual({ name: 'latency_ms', type: 'double', nullable: true, metadata: {} });
      expect(schema.fields).toContainEqual({ name: 'created_at', type: 'timestamp', nullable: false, metadata: {} });
      expect(schema.fields).toContainEqual({ name: 'partition_id', type: 'long', nullable: false, metadata: {} });
      expect(schema.fields).toContainEqual({ name: 'ok', type: 'boolean', nullable: false, metadata: {} });
    });

    it('refuses to create over an existing table, and openOrCreate opens it', async () => {
      await DeltaTable.create(dir, { columns: EVENTS });
      await expect(DeltaTable.create(dir, { columns: EVENTS })).rejects.toBeInstanceOf(DeltaTableAlreadyExistsError);
      const table = await DeltaTable.openOrCreate(dir, { columns: EVENTS });
      expect(await table.latestVersion()).toBe(0);
      await expect(DeltaTable.openOrCreate(dir, { columns: EVENTS.slice(0, 2) })).rejects.toBeInstanceOf(
        DeltaSchemaMismatchError,
      );
      await expect(DeltaTable.openOrCreate(dir, { columns: EVENTS, partitionColumns: ['name'] })).rejects.toThrow(
        /partitioned by \[\], not the requested .* partitioned by \["name"\]/,
      );
    });

    it('two processes racing to create: exactly one creates, both can then open', async () => {
      const results = await Promise.allSettled([
        DeltaTable.openOrCreate(dir, { columns: EVENTS }),
        DeltaTable.openOrCreate(dir, { columns: EVENTS }),
        DeltaTable.openOrCreate(dir, { columns: EVENTS }),
      ]);
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(readdirSync(path.join(dir, '_delta_log')).filter((f) => f.endsWith('.json'))).toEqual([
        '00000000000000000000.json',
      ]);
    });

    it('opening a URI with no table fails with DeltaTableNotFoundError', async () => {
      await expect(DeltaTable.open(path.join(dir, 'nothing'))).rejects.toBeInstanceOf(DeltaTableNotFoundError);
    });

    it('accepts file:// URIs and rejects unknown schemes', async () => {
      const table = await DeltaTable.create(`file://${dir}`, { columns: EVENTS });
      expect(table.uri).toBe(`file://${dir}`);
      await expect(DeltaTable.open('s3://bucket/table')).rejects.toThrow(/unsupported table URI scheme s3/);
    });
  });

  describe('append', () => {
    it('writes one Parquet file and one add action with stats, and reads the rows back', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      const result = await table.append(events(0, 5));
      expect(result).toMatchObject({ status: 'committed', version: 1, attempts: 1 });

      const lines = readLines(dir, 1);
      expect(Object.keys(lines[0])).toEqual(['commitInfo']);
      expect(lines[0].commitInfo).toMatchObject({ operation: 'WRITE', readVersion: 0, isBlindAppend: true });
      const add = lines[1].add as Record<string, unknown>;
      expect(add).toMatchObject({ partitionValues: {}, dataChange: true });
      expect(add.path).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
      expect(add.size).toBe(statSync(path.join(dir, add.path as string)).size);
      expect(JSON.parse(add.stats as string)).toEqual({
        numRecords: 5,
        minValues: { id: 0, name: 'event-0', score: 0, at: '2026-01-01T00:00:00.000Z' },
        maxValues: { id: 4, name: 'event-4', score: 2, at: '2026-01-01T00:00:04.000Z' },
        nullCount: { id: 0, name: 0, score: 0, at: 0, ok: 0 },
      });

      expect(await table.readRows()).toEqual(events(0, 5));
    });

    it('keeps appending versions 1, 2, 3 and reads all rows', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      for (let i = 0; i < 3; i++) expect(await table.append(events(i * 10, 2))).toMatchObject({ version: i + 1 });
      const rows = await table.readRows();
      expect(rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 10, 11, 20, 21]);
      const snapshot = await table.snapshot();
      expect(snapshot.version).toBe(3);
      expect(snapshot.files).toHaveLength(3);
    });

    it('pages its history newest first, reading only the page, and samples rows of a version without reading them all', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS, checkpointInterval: 0 });
      for (let i = 0; i < 4; i++) await table.append(events(i * 10, 3));
      const first = await table.history({ limit: 2 });
      expect(first.map((h) => [h.version, h.operation, h.addedRows])).toEqual([
        [4, 'WRITE', 3],
        [3, 'WRITE', 3],
      ]);
      const next = await table.history({ limit: 2, before: 3 });
      expect(next.map((h) => h.version)).toEqual([2, 1]);
      expect((await table.history({ limit: 5, before: 1 })).map((h) => [h.version, h.operation])).toEqual([
        [0, 'CREATE TABLE'],
      ]);
      expect((await table.history()).map((h) => h.version)).toEqual([4, 3, 2, 1, 0]);
      await expect(table.history({ limit: -1 })).rejects.toThrow(/limit must be a non-negative integer/);

      // Time travel with a limit: version 2 holds 6 rows; 4 of them are read, the 10th version never.
      const sample = await table.readRows({ version: 2, limit: 4 });
      expect(sample).toHaveLength(4);
      expect(sample.every((r) => Number(r.id) < 20)).toBe(true);
      expect(await table.readRows({ version: 2, limit: 100 })).toHaveLength(6);
      expect(await table.readRows({ limit: 0 })).toEqual([]);
      // Corrupt a data file of version 4: a sample of version 1 does not touch it.
      const older = new Set((await table.snapshot(3)).files.map((f) => f.path));
      const newest = (await table.snapshot()).files.find((f) => !older.has(f.path))!;
      writeFileSync(path.join(dir, newest.path), 'not parquet');
      expect(await table.readRows({ version: 1, limit: 2 })).toHaveLength(2);
    });

    it('writes partitioned data into Hive folders with partitionValues, without the partition column in the file', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      await table.append([summary('job:1', 0, 0), summary('job:1', 0, 1), summary('job-2', 1, 0)]);
      const snapshot = await table.snapshot();
      expect(
        snapshot.files.map((f) => f.partitionValues).sort((a, b) => String(a.job_id).localeCompare(String(b.job_id))),
      ).toEqual([{ job_id: 'job-2' }, { job_id: 'job:1' }]);
      // Hive escaping of ':' is %3A in the folder name, and add.path (a URI) encodes that '%' again.
      const escaped = snapshot.files.find((f) => f.partitionValues.job_id === 'job:1');
      expect(escaped?.path).toMatch(/^job_id=job%253A1\/part-/);
      expect(readdirSync(dir).sort()).toEqual(['_delta_log', 'job_id=job%3A1', 'job_id=job-2']);
      const files = dataFiles(dir);
      const schema = await duckdbParquetSchema(files[0]);
      expect(Object.keys(schema)).not.toContain('job_id');

      const rows = await table.readRows({ partitionFilter: { job_id: 'job:1' } });
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ job_id: 'job:1', partition_id: 0, ok: true });
    });

    it('rejects rows that do not fit the schema, naming row and column', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await expect(table.append([{ id: 1, name: 5 as unknown as string }])).rejects.toThrow(
        /row 0, column name \(string\)/,
      );
      await expect(table.append([{ id: null }])).rejects.toThrow(/null in a non-nullable column/);
      await expect(table.append([{ id: 1, extra: 'x' }])).rejects.toThrow(/extra, which is not in the table schema/);
      await expect(table.append([{ id: 1.5 }])).rejects.toThrow(/safe integer/);
      expect(await table.latestVersion()).toBe(0);
    });

    it('round-trips nulls, bigint longs and timestamps given as ISO strings', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await table.append([
        { id: 2n ** 60n, name: null, score: null, at: '2026-05-01T12:00:00.123Z', ok: null },
        { id: 7 },
      ]);
      const rows = await table.readRows();
      expect(rows).toEqual([
        { id: 2n ** 60n, name: null, score: null, at: new Date('2026-05-01T12:00:00.123Z'), ok: null },
        { id: 7, name: null, score: null, at: null, ok: null },
      ]);
      const stats = JSON.parse((await table.snapshot()).files[0].stats as string);
      expect(stats.nullCount).toEqual({ id: 0, name: 2, score: 2, at: 1, ok: 2 });
    });
  });

  describe('concurrent writers', () => {
    it('writers racing for the same version all land, nothing is overwritten, versions are contiguous', async () => {
      await DeltaTable.create(dir, { columns: EVENTS });
      // Separate instances, as separate processes would have; all read version 0 and race for 1.
      const writers = await Promise.all(Array.from({ length: 8 }, () => DeltaTable.open(dir)));
      const metric = async (m: { get(): Promise<{ values: Array<{ value: number; metricName?: string }> }> }) =>
        (await m.get()).values
          .filter((v) => !v.metricName || v.metricName.endsWith('_count'))
          .reduce((n, v) => n + v.value, 0);
      const conflictsBefore = await metric(platformMetrics.deltaCommitConflicts());
      const commitsBefore = await metric(platformMetrics.deltaCommitDuration());
      const results = await Promise.all(writers.map((w, i) => w.append(events(i * 100, 3))));
      const versions = results.map((r) => (r.status === 'committed' ? r.version : -1)).sort((a, b) => a - b);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(results.some((r) => r.status === 'committed' && r.attempts > 1)).toBe(true);
      // Each lost race is a conflict on the metrics; each commit is timed once.
      const lost = results.reduce((n, r) => n + (r.status === 'committed' ? r.attempts - 1 : 0), 0);
      expect(await metric(platformMetrics.deltaCommitConflicts())).toBe(conflictsBefore + lost);
      expect(await metric(platformMetrics.deltaCommitDuration())).toBe(commitsBefore + 8);

      const logFiles = readdirSync(path.join(dir, '_delta_log')).filter((f) => f.endsWith('.json'));
      expect(logFiles).toHaveLength(9);
      // Each commit holds exactly its own writer's file: none was overwritten by another.
      const addedPaths = versions.map((v) => readLines(dir, v).filter((l) => 'add' in l));
      expect(addedPaths.every((adds) => adds.length === 1)).toBe(true);
      const rows = await writers[0].readRows();
      expect(rows).toHaveLength(24);
      expect(new Set(rows.map((r) => r.id)).size).toBe(24);
      // DuckDB, reading the data files on its own, sees the same 24 distinct rows.
      expect(
        await duckdbQuery(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM read_parquet('${dir}/*.parquet')`),
      ).toEqual([{ n: '24', ids: '24' }]);
    });

    it('separate processes racing on the same table: every append lands once, versions contiguous', async () => {
      await DeltaTable.create(dir, { columns: EVENTS, checkpointInterval: 5 });
      const root = path.resolve(__dirname, '../../../..');
      const run = (workerId: number) =>
        new Promise<string>((resolve, reject) => {
          execFile(
            process.execPath,
            [
              path.join(root, 'tools/run.js'),
              path.join(__dirname, '../testing/append-worker.ts'),
              dir,
              String(workerId),
              '6',
            ],
            { cwd: root },
            (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
          );
        });
      const outputs = await Promise.all([1, 2, 3].map(run));
      const versions = outputs
        .flatMap((out) => out.trim().split('\n'))
        .map((line) => JSON.parse(line).version as number)
        .sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      const table = await DeltaTable.open(dir);
      const rows = await table.readRows();
      expect(rows).toHaveLength(18);
      expect(Object.keys((await table.snapshot()).transactions)).toHaveLength(18);
      expect(await table.snapshot()).toEqual(await table.snapshot(18));
    });

    it('a metadata change by the winner is a conflict for the loser', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      const snapshot = await table.snapshot();
      // Someone else changes the metadata at version 1 after we read version 0.
      const meta = { ...snapshot.metadata, configuration: { changed: 'true' } };
      writeFileSync(path.join(dir, commitPath(1)), JSON.stringify({ metaData: meta }) + '\n');
      const { commitWithRetry } = await import('../commit/commit-with-retry');
      await expect(
        commitWithRetry(
          table.storage,
          snapshot,
          { operation: 'WRITE', operationParameters: {}, actions: [], isBlindAppend: true, engineInfo: 'test' },
          5,
        ),
      ).rejects.toThrow(/version 1 changed the table's metadata/);
      expect(readdirSync(path.join(dir, '_delta_log')).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    });
  });

  describe('idempotent appends (txn)', () => {
    it('a retried txn is a no-op that reports already committed', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      const rows = [summary('job-1', 3, 0), summary('job-1', 3, 1)];
      const first = await table.append(rows, { txn: { appId: 'job-1/3', version: 0 } });
      expect(first).toMatchObject({ status: 'committed', version: 1 });
      expect(readLines(dir, 1)[1]).toEqual({ txn: { appId: 'job-1/3', version: 0, lastUpdated: expect.any(Number) } });

      const retry = await table.append(rows, { txn: { appId: 'job-1/3', version: 0 } });
      expect(retry).toEqual({ status: 'already-committed', appId: 'job-1/3', committedVersion: 0 });
      expect(await table.latestVersion()).toBe(1);
      expect(await table.readRows()).toHaveLength(2);
      // No orphan data file was written for the no-op.
      expect(dataFiles(dir)).toHaveLength(1);
    });

    it('the same txn retried concurrently lands exactly once', async () => {
      await DeltaTable.create(dir, SUMMARIES_TABLE);
      const writers = await Promise.all(Array.from({ length: 5 }, () => DeltaTable.open(dir)));
      const results = await Promise.all(
        writers.map((w) => w.append([summary('job-1', 7, 0)], { txn: { appId: 'job-1/7', version: 0 } })),
      );
      expect(results.filter((r) => r.status === 'committed')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'already-committed')).toHaveLength(4);
      expect(await writers[0].readRows()).toHaveLength(1);
    });

    it('partitions committed out of order (one appId each) all land', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      for (const partition of [4, 1, 3, 0, 2]) {
        const result = await table.append([summary('job-9', partition, 0)], {
          txn: { appId: `job-9/${partition}`, version: 0 },
        });
        expect(result.status).toBe('committed');
      }
      // A late redelivery of an early partition is still a no-op.
      expect((await table.append([summary('job-9', 1, 0)], { txn: { appId: 'job-9/1', version: 0 } })).status).toBe(
        'already-committed',
      );
      const rows = await table.readRows();
      expect(rows.map((r) => r.partition_id).sort()).toEqual([0, 1, 2, 3, 4]);
      expect(Object.keys((await table.snapshot()).transactions).sort()).toEqual([
        'job-9/0',
        'job-9/1',
        'job-9/2',
        'job-9/3',
        'job-9/4',
      ]);
    });

    it('a partition with no rows still records its txn, so its redelivery is a no-op', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      const result = await table.append([], { txn: { appId: 'job-3/0', version: 0 } });
      expect(result).toMatchObject({ status: 'committed', version: 1, adds: [] });
      expect(readLines(dir, 1).map((l) => Object.keys(l)[0])).toEqual(['commitInfo', 'txn']);
      expect((await table.commitAdds([], { txn: { appId: 'job-3/0', version: 0 } })).status).toBe('already-committed');
    });

    it('a higher txn version for the same appId commits, a lower one is a no-op', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await table.append(events(0, 1), { txn: { appId: 'app', version: 5 } });
      expect((await table.append(events(1, 1), { txn: { appId: 'app', version: 3 } })).status).toBe(
        'already-committed',
      );
      expect((await table.append(events(2, 1), { txn: { appId: 'app', version: 6 } })).status).toBe('committed');
      expect((await table.snapshot()).transactions.app.version).toBe(6);
    });
  });

  describe('writeDataFile + commitAdds (worker writes, orchestrator commits)', () => {
    it('commits adds reported by workers, idempotently', async () => {
      const orchestrator = await DeltaTable.create(dir, SUMMARIES_TABLE);
      const worker = await DeltaTable.open(dir);
      const add0 = await worker.writeDataFile([summary('job-5', 0, 0), summary('job-5', 0, 1)], { job_id: 'job-5' });
      const add1 = await worker.writeDataFile([summary('job-5', 1, 0)]);
      expect(add0.partitionValues).toEqual({ job_id: 'job-5' });
      expect(add1.partitionValues).toEqual({ job_id: 'job-5' });
      // Written but not committed: invisible to readers.
      expect(await orchestrator.readRows()).toEqual([]);

      // The adds travel as JSON (e.g. over NATS) before being committed.
      const wire = JSON.parse(JSON.stringify([add1]));
      expect((await orchestrator.commitAdds(wire, { txn: { appId: 'job-5/1', version: 0 } })).status).toBe('committed');
      expect((await orchestrator.commitAdds([add0], { txn: { appId: 'job-5/0', version: 0 } })).status).toBe(
        'committed',
      );
      expect((await orchestrator.commitAdds([add0], { txn: { appId: 'job-5/0', version: 0 } })).status).toBe(
        'already-committed',
      );
      expect(await orchestrator.readRows()).toHaveLength(3);
    });

    it('rejects adds for missing files or with wrong partition columns, and mismatched partition values', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      const add = await table.writeDataFile([summary('job-5', 0, 0)]);
      await expect(table.commitAdds([{ ...add, path: 'job_id=job-5/nope.parquet' }])).rejects.toThrow(
        /no such data file/,
      );
      await expect(table.commitAdds([{ ...add, partitionValues: {} }])).rejects.toThrow(/partitioned by \[job_id\]/);
      await expect(table.writeDataFile([summary('job-5', 0, 0)], { job_id: 'job-6' })).rejects.toThrow(
        /rows have job_id=job-5 but the file's partition value is job-6/,
      );
      await expect(table.writeDataFile([summary('a', 0, 0), summary('b', 0, 0)])).rejects.toThrow(/span 2 partitions/);
    });
  });

  describe('time travel and history', () => {
    it('reads any past version and lists the history newest first', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await table.append(events(0, 2));
      await table.append(events(2, 3), { txn: { appId: 'x', version: 1 } });
      await table.append(events(5, 1));
      expect(await table.readRows({ version: 0 })).toEqual([]);
      expect(await table.readRows({ version: 1 })).toHaveLength(2);
      expect(await table.readRows({ version: 2 })).toHaveLength(5);
      expect(await table.readRows()).toHaveLength(6);
      expect((await table.snapshot(1)).transactions).toEqual({});
      expect((await table.snapshot(2)).transactions.x.version).toBe(1);
      await expect(table.snapshot(9)).rejects.toBeInstanceOf(DeltaVersionNotFoundError);

      const history = await table.history();
      expect(history.map((h) => [h.version, h.operation, h.addedRows])).toEqual([
        [3, 'WRITE', 1],
        [2, 'WRITE', 3],
        [1, 'WRITE', 2],
        [0, 'CREATE TABLE', 0],
      ]);
      expect(history[1].txns.map((t) => t.appId)).toEqual(['x']);
    });
  });

  describe('every data file is valid Parquet for DuckDB', () => {
    it('DuckDB read_parquet sees the expected schema and row counts', async () => {
      const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
      await table.append([0, 1, 2].map((r) => summary('job-1', 0, r)));
      await table.append([0, 1].map((r) => summary('job-1', 1, r)));
      await table.append([
        summary('job-2', 0, 0),
        { ...summary('job-2', 0, 1), ok: false, summary: null, error: 'timeout' },
      ]);

      const snapshot = await table.snapshot();
      const files = dataFiles(dir);
      expect(files).toHaveLength(snapshot.files.length);
      for (const add of snapshot.files) {
        const file = path.join(dir, decodeURIComponent(add.path));
        expect(await duckdbParquetSchema(file)).toEqual({
          partition_id: 'BIGINT',
          row_index: 'BIGINT',
          article_id: 'VARCHAR',
          summary: 'VARCHAR',
          model_uri: 'VARCHAR',
          model_version: 'VARCHAR',
          latency_ms: 'DOUBLE',
          input_chars: 'BIGINT',
          ok: 'BOOLEAN',
          error: 'VARCHAR',
          worker_id: 'VARCHAR',
          created_at: 'TIMESTAMP WITH TIME ZONE',
        });
        expect(await duckdbRowCount(file)).toBe(JSON.parse(add.stats as string).numRecords);
      }
      // Hive partitioning gives DuckDB the partition column back from the folder names.
      const counts = await duckdbQuery(
        `SELECT job_id, count(*) AS n, sum(CASE WHEN ok THEN 0 ELSE 1 END) AS failed FROM read_parquet('${dir}/*/*.parquet', hive_partitioning = true) GROUP BY job_id ORDER BY job_id`,
      );
      expect(counts).toEqual([
        { job_id: 'job-1', n: '5', failed: '0' },
        { job_id: 'job-2', n: '2', failed: '1' },
      ]);
      const ts = await duckdbQuery(`SELECT min(created_at)::VARCHAR AS t FROM read_parquet('${dir}/*/*.parquet')`);
      expect(String(ts[0].t)).toMatch(/^2026-11-27 10:00:00/);
    });
  });

  describe('a damaged log gives a clear error', () => {
    it('a commit file that is not JSON names the file and line', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await table.append(events(0, 1));
      writeFileSync(path.join(dir, commitPath(1)), '{"commitInfo":{}}\n{"add": {"path": "x"\n');
      const error = await table.snapshot().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeltaLogCorruptedError);
      expect((error as Error).message).toMatch(/00000000000000000001\.json is corrupt: line 2 is not valid JSON/);
      expect((error as DeltaLogCorruptedError).code).toBe('INVALID_STATE');
    });

    it('a commit missing from the middle of the history names the missing file', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS, checkpointInterval: 0 });
      await table.append(events(0, 1));
      await table.append(events(1, 1));
      unlinkSync(path.join(dir, commitPath(1)));
      await expect(DeltaTable.open(dir)).rejects.toThrow(/missing _delta_log\/00000000000000000001\.json/);
      await expect(table.readRows({ version: 2 })).rejects.toBeInstanceOf(DeltaLogCorruptedError);
    });

    it('an empty commit file is corrupt', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      writeFileSync(path.join(dir, commitPath(1)), '');
      await expect(table.snapshot()).rejects.toThrow(/00000000000000000001\.json is corrupt: it holds no actions/);
    });

    it('a missing data file is reported with its path', async () => {
      const table = await DeltaTable.create(dir, { columns: EVENTS });
      await table.append(events(0, 1));
      unlinkSync(dataFiles(dir)[0]);
      await expect(table.readRows()).rejects.toThrow(/data file part-.*\.parquet of version 1 is missing/);
    });
  });
});
