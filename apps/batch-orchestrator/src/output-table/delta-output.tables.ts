import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import {
  BATCH_OUTPUT_PARTITION_COLUMNS,
  batchOutputColumns,
  InvalidParameterError,
  partitionTxnAppId,
} from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { AddAction, DeltaTable, LocalTableStorage, LOG_DIR, OpenLocalTables } from '@llmops/delta';
import { OutputTables, PartitionCommit, PartitionCommitResult, TableOnDisk, TableSummary } from './output-tables';

@Injectable()
export class DeltaOutputTables extends OutputTables {
  /** Commits continue from the log state the previous one left (see `OpenLocalTables`). */
  private readonly open = new OpenLocalTables();

  constructor(private readonly locations: DataLocations) {
    super();
  }

  async onDisk(tableName: string): Promise<TableOnDisk> {
    const location = await this.locations.locate('table', tableName);
    // A table's folder never holds another table (its VACUUM would delete the other's files).
    for (let dir = dirname(location.path); dir.length > location.rootPath.length; dir = dirname(dir)) {
      if (await isDirectory(join(dir, LOG_DIR))) return 'inside-a-table';
    }
    const info = await stat(location.path).catch(() => null);
    if (!info) return 'absent';
    if (!info.isDirectory()) return 'not-a-table';
    if (await isDirectory(join(location.path, LOG_DIR))) return 'delta';
    return (await readdir(location.path)).length === 0 ? 'absent' : 'not-a-table';
  }

  async prepare(tableName: string, keepColumns: readonly string[]): Promise<void> {
    const columns = batchOutputColumns(keepColumns);
    const storage = await this.storageOf(tableName);
    const table = await DeltaTable.openOrCreate(storage.uri, {
      storage,
      columns,
      partitionColumns: BATCH_OUTPUT_PARTITION_COLUMNS,
      name: 'batch_summaries',
      description: 'Production batch inference output: one summary per input row, with lineage',
    }).catch((error: Error & { code?: string }) => {
      // A mismatching schema is named below in terms of columns (not the log's raw schema string).
      if (error.name === 'DeltaSchemaMismatchError') return DeltaTable.open(storage.uri, { storage });
      throw error;
    });
    const snapshot = await table.snapshot();
    const have = snapshot.columns.map((c) => `${c.name}:${c.type}`).join(',');
    const want = columns.map((c) => `${c.name}:${c.type}`).join(',');
    if (have !== want || snapshot.partitionColumns.join(',') !== BATCH_OUTPUT_PARTITION_COLUMNS.join(',')) {
      throw new InvalidParameterError(
        `output table ${tableName} exists with another schema (${have}); this job writes (${want})`,
      );
    }
  }

  async summary(tableName: string): Promise<TableSummary> {
    const location = await this.locations.locate('table', tableName);
    const storage = new LocalTableStorage(location.path, { confined: true });
    if (!(await isDirectory(location.path)) || !(await DeltaTable.exists(storage.uri, { storage }))) {
      return { location: storage.uri, version: null, columns: [], partitionColumns: [], numFiles: 0, numRows: 0 };
    }
    const snapshot = await (await DeltaTable.open(storage.uri, { storage })).snapshot();
    return {
      location: storage.uri,
      version: snapshot.version,
      columns: snapshot.columns.map((c) => ({ name: c.name, type: c.type })),
      partitionColumns: [...snapshot.partitionColumns],
      numFiles: snapshot.files.length,
      numRows: snapshot.files.reduce((sum, f) => sum + numRecords(f.stats), 0),
    };
  }

  async commitPartition(commit: PartitionCommit): Promise<PartitionCommitResult> {
    // Jobs recorded before tables had names hold an absolute path: still only one under a root.
    const table = await this.openTable(this.locations.nameOf('table', commit.tableName));
    const result = await table.commitAdds(commit.add ? [commit.add as unknown as AddAction] : [], {
      txn: { appId: partitionTxnAppId(commit.jobId, commit.partition), version: 0 },
      operationParameters: { batchJobId: commit.jobId, partition: String(commit.partition) },
    });
    return result.status === 'committed'
      ? { committed: true, version: result.version }
      : { committed: false, version: null };
  }

  private async openTable(tableName: string): Promise<DeltaTable> {
    // Resolved (and checked under its root) on every commit, as before; only the log state is kept.
    return this.open.open(await this.locations.ensureTableDirectory(tableName));
  }

  /** The table's directory under its root (created if missing), with storage confined to it. */
  private async storageOf(tableName: string): Promise<LocalTableStorage> {
    return new LocalTableStorage(await this.locations.ensureTableDirectory(tableName), { confined: true });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

function numRecords(stats: string | undefined): number {
  if (!stats) return 0;
  try {
    return Number((JSON.parse(stats) as { numRecords?: number }).numRecords ?? 0);
  } catch {
    return 0;
  }
}
