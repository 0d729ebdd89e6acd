import { DeltaCellView, DeltaColumnView, DeltaVersionView } from '@llmops/contract';

export interface TableDescription {
  name: string | null;
  description: string | null;
  createdTime: number | null;
  latestVersion: number;
  columns: DeltaColumnView[];
  partitionColumns: string[];
  files: number;
  rows: number;
  versions: DeltaVersionView[];
}

export interface TableRows {
  version: number;
  timestamp: number;
  totalRows: number;
  files: number;
  columns: DeltaColumnView[];
  rows: Array<Record<string, DeltaCellView>>;
}

/** Reads the Delta tables jobs write, by canonical name (only their log and the data files a sample needs). */
export abstract class TableReader {
  /** The table now, and `limit` versions older than `before` (newest first). */
  abstract describe(tableName: string, page: { limit: number; before?: number }): Promise<TableDescription>;

  /** The first `limit` rows of a version (the latest when none is given). */
  abstract rows(tableName: string, options: { version?: number; limit: number }): Promise<TableRows>;
}
