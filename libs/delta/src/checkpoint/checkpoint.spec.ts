import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeltaLogCorruptedError } from '../errors';
import { checkpointPath, commitPath, LAST_CHECKPOINT_FILE } from '../log/log-files';
import { DeltaRow } from '../schema/columns';
import { SUMMARIES_TABLE } from '../schema/summaries.schema';
import { DeltaSnapshot } from '../snapshot/snapshot';
import { DeltaTable } from '../table/delta-table';
import { duckdbParquetSchema, duckdbQuery } from '../testing/duckdb';
import { tempTableDir } from '../testing/temp-table';

function row(job: string, partition: number): DeltaRow {
  return {
    job_id: job,
    partition_id: partition,
    row_index: 0,
    article_id: `a-${partition}`,
    summary: 's',
    model_uri: 'models:/m/1',
    ok: true,
    created_at: new Date(Date.UTC(2026, 10, 27, 10, 0, partition)),
  };
}

/** The parts of a snapshot that describe the table (not how it was loaded). */
function tableState(snapshot: DeltaSnapshot) {
  return {
    version: snapshot.version,
    protocol: snapshot.protocol,
    metadata: snapshot.metadata,
    columns: snapshot.columns,
    // A checkpoint records adds as state (dataChange false); the commits recorded them as changes.
    files: snapshot.files.map((f) => ({ ...f, dataChange: undefined })),
    tombstones: snapshot.tombstones,
    transactions: snapshot.transactions,
  };
}

describe('checkpoints', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempTableDir()));
  afterEach(() => cleanup());

  async function tableWithCommits(count: number, checkpointInterval: number): Promise<DeltaTable> {
    const table = await DeltaTable.create(dir, { ...SUMMARIES_TABLE, checkpointInterval });
    for (let i = 0; i < count; i++) {
      const result = await table.append([row(`job-${i % 3}`, i)], { txn: { appId: `job/${i}`, version: 0 } });
      expect(result.status).toBe('committed');
      if (result.status === 'committed') {
        expect(result.checkpointVersion).toBe(result.version % checkpointInterval === 0 ? result.version : null);
      }
    }
    return table;
  }

  it('writes a checkpoint every N commits and _last_checkpoint pointing at the newest', async () => {
    await tableWithCommits(10, 3);
    const log = readdirSync(path.join(dir, '_delta_log'));
    expect(log.filter((f) => f.includes('checkpoint')).sort()).toEqual([
      '00000000000000000003.checkpoint.parquet',
      '00000000000000000006.checkpoint.parquet',
      '00000000000000000009.checkpoint.parquet',
      '_last_checkpoint',
    ]);
    const last = JSON.parse(readFileSync(path.join(dir, LAST_CHECKPOINT_FILE), 'utf8'));
    // protocol + metaData + 9 txns + 9 adds
    expect(last).toEqual({ version: 9, size: 20, sizeInBytes: expect.any(Number), numOfAddFiles: 9 });
  });

  it('defaults to a checkpoint every 10 commits', async () => {
    const table = await DeltaTable.create(dir, SUMMARIES_TABLE);
    for (let i = 0; i < 10; i++) await table.append([row('j', i)]);
    expect(existsSync(path.join(dir, checkpointPath(10)))).toBe(true);
    expect(existsSync(path.join(dir, checkpointPath(5)))).toBe(false);
  });

  it('a reader starting from the checkpoint sees the same snapshot as a full replay, at every version', async () => {
    const table = await tableWithCommits(11, 4);
    for (let version = 0; version <= 11; version++) {
      const fromCheckpoint = await table.snapshot(version);
      const fullReplay = await table.snapshotFromFullReplay(version);
      expect(fullReplay.checkpointVersion).toBeNull();
      expect(fromCheckpoint.checkpointVersion).toBe(version >= 4 ? version - (version % 4) : null);
      expect(tableState(fromCheckpoint)).toEqual(tableState(fullReplay));
    }
    // A new reader starts from the newest checkpoint (via _last_checkpoint) plus the later commits.
    const reader = await DeltaTable.open(dir);
    const latest = await reader.snapshot();
    expect(latest).toMatchObject({ version: 11, checkpointVersion: 8, commitsReplayed: 3 });
    expect(tableState(latest)).toEqual(tableState(await reader.snapshotFromFullReplay()));
    expect(await reader.readRows()).toHaveLength(11);
  });

  it('the checkpoint alone rebuilds the table once earlier commits are cleaned up', async () => {
    await tableWithCommits(7, 5);
    for (let v = 0; v <= 5; v++) unlinkSync(path.join(dir, commitPath(v)));
    const table = await DeltaTable.open(dir);
    const snapshot = await table.snapshot();
    expect(snapshot).toMatchObject({ version: 7, checkpointVersion: 5, commitsReplayed: 2 });
    expect(snapshot.files).toHaveLength(7);
    expect(Object.keys(snapshot.transactions)).toHaveLength(7);
    expect(await table.readRows()).toHaveLength(7);
    // Idempotency survives the cleanup: the txns came back from the checkpoint.
    expect((await table.append([row('job-0', 0)], { txn: { appId: 'job/0', version: 0 } })).status).toBe(
      'already-committed',
    );
    // Versions before the checkpoint are gone with their commits.
    await expect(table.snapshot(3)).rejects.toThrow(/missing _delta_log\/00000000000000000000\.json/);
  });

  it('a long-lived reader catches up from its cached state, or from a newer checkpoint when far behind', async () => {
    await DeltaTable.create(dir, { ...SUMMARIES_TABLE, checkpointInterval: 50 });
    const reader = await DeltaTable.open(dir);
    const writer = await DeltaTable.open(dir, { checkpointInterval: 50 });
    const emptyCommits = async (count: number) => {
      for (let i = 0; i < count; i++) await writer.commitAdds([]);
    };
    await emptyCommits(20);
    // Versions 0..20, all from the log: 21 commit files.
    expect(await reader.snapshot()).toMatchObject({ version: 20, checkpointVersion: null, commitsReplayed: 21 });
    await emptyCommits(130);
    // 130 commits behind, with checkpoints at 50, 100 and 150: start from checkpoint 150.
    expect(await reader.snapshot()).toMatchObject({ version: 150, checkpointVersion: 150, commitsReplayed: 0 });
    await emptyCommits(3);
    expect(await reader.snapshot()).toMatchObject({ version: 153, checkpointVersion: 150, commitsReplayed: 3 });
  });

  it('is a Parquet file with the protocol checkpoint schema, readable by DuckDB', async () => {
    await tableWithCommits(5, 5);
    const file = path.join(dir, checkpointPath(5));
    const schema = await duckdbParquetSchema(file);
    expect(schema).toEqual({
      txn: 'STRUCT(appId VARCHAR, "version" BIGINT, lastUpdated BIGINT)',
      add: 'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR))',
      remove:
        'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)',
      metaData:
        'STRUCT(id VARCHAR, "name" VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, "options" MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], "configuration" MAP(VARCHAR, VARCHAR), createdTime BIGINT)',
      protocol: 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER)',
    });
    const counts = await duckdbQuery(`
      SELECT count(add) AS adds, count(txn) AS txns, count(metaData) AS meta, count(protocol) AS proto,
             count(*) AS total,
             max(metaData.partitionColumns[1]) AS partition_column,
             max(protocol.minWriterVersion) AS writer,
             max(add.partitionValues['job_id']) AS max_job,
             bool_or(add.dataChange) AS any_data_change
      FROM read_parquet('${file}')`);
    expect(counts).toEqual([
      {
        adds: '5',
        txns: '5',
        meta: '1',
        proto: '1',
        total: '12',
        partition_column: 'job_id',
        writer: 2,
        max_job: 'job-2',
        any_data_change: false,
      },
    ]);
  });

  it('a corrupt checkpoint fails with a clear error naming it; a garbled _last_checkpoint is only a hint', async () => {
    await tableWithCommits(4, 2);
    writeFileSync(path.join(dir, LAST_CHECKPOINT_FILE), '{"vers');
    expect((await (await DeltaTable.open(dir)).snapshot()).checkpointVersion).toBe(4);
    writeFileSync(path.join(dir, checkpointPath(4)), 'not parquet at all');
    const error = await DeltaTable.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeltaLogCorruptedError);
    expect((error as Error).message).toMatch(
      /checkpoint _delta_log\/00000000000000000004\.checkpoint\.parquet is not a readable Parquet file/,
    );
  });
});
