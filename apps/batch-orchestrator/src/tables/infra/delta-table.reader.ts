import { Injectable } from '@nestjs/common';
import { DeltaCellView, DeltaColumnView, DeltaVersionView } from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { DeltaSnapshot, DeltaTable, DeltaValue, HistoryEntry, isNullable, LocalTableStorage } from '@llmops/delta';
import { TableDescription, TableReader, TableRows } from '../table-reader';

/** Reads tables by canonical name, in their location under the table roots (storage confined there). */
@Injectable()
export class DeltaTableReader extends TableReader {
  constructor(private readonly locations: DataLocations) {
    super();
  }

  private async open(tableName: string): Promise<DeltaTable> {
    const location = await this.locations.locate('table', tableName);
    const storage = new LocalTableStorage(location.path, { confined: true });
    return DeltaTable.open(storage.uri, { storage });
  }

  async describe(tableName: string, page: { limit: number; before?: number }): Promise<TableDescription> {
    const table = await this.open(tableName);
    const snapshot = await table.snapshot();
    const history = await table.history({ limit: page.limit, before: page.before });
    return {
      name: snapshot.metadata.name ?? null,
      description: snapshot.metadata.description ?? null,
      createdTime: snapshot.metadata.createdTime ?? null,
      latestVersion: snapshot.version,
      columns: columnsOf(snapshot),
      partitionColumns: snapshot.partitionColumns,
      files: snapshot.files.length,
      rows: rowsOf(snapshot),
      versions: history.map(versionView),
    };
  }

  async rows(tableName: string, options: { version?: number; limit: number }): Promise<TableRows> {
    const table = await this.open(tableName);
    const snapshot = await table.snapshot(options.version);
    const rows = await table.readRows({ version: snapshot.version, limit: options.limit });
    return {
      version: snapshot.version,
      timestamp: snapshot.timestamp,
      totalRows: rowsOf(snapshot),
      files: snapshot.files.length,
      columns: columnsOf(snapshot),
      rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cellOf(v)]))),
    };
  }
}

function columnsOf(snapshot: DeltaSnapshot): DeltaColumnView[] {
  return snapshot.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: isNullable(c),
    partition: snapshot.partitionColumns.includes(c.name),
  }));
}

function rowsOf(snapshot: DeltaSnapshot): number {
  return snapshot.files.reduce((sum, f) => sum + numRecords(f.stats), 0);
}

function numRecords(stats: string | undefined): number {
  if (!stats) return 0;
  try {
    const n = (JSON.parse(stats) as { numRecords?: unknown }).numRecords;
    return typeof n === 'number' ? n : 0;
  } catch {
    return 0;
  }
}

function versionView(entry: HistoryEntry): DeltaVersionView {
  const partition = entry.operationParameters.partition;
  return {
    version: entry.version,
    timestamp: entry.timestamp,
    operation: entry.operation,
    operationParameters: entry.operationParameters,
    addedFiles: entry.addedFiles,
    removedFiles: entry.removedFiles,
    addedRows: entry.addedRows,
    batchJobId: entry.operationParameters.batchJobId ?? null,
    partition: partition !== undefined && /^\d+$/.test(partition) ? Number(partition) : null,
  };
}

function cellOf(value: DeltaValue | undefined): DeltaCellView {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
