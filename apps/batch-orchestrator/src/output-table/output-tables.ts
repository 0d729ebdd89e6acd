export interface PartitionCommit {
  /** The table's canonical name (resolved under the table roots). */
  tableName: string;
  /** The worker's data file; null when no row of the partition succeeded. */
  add: Record<string, unknown> | null;
  jobId: string;
  partition: number;
}

export interface PartitionCommitResult {
  /** false when the partition's txn was already in the table (nothing written). */
  committed: boolean;
  /** The table version of the commit (null when it was already committed earlier). */
  version: number | null;
}

/** What is at a table's location on disk. */
export type TableOnDisk = 'absent' | 'delta' | 'not-a-table' | 'inside-a-table';

export interface TableSummary {
  location: string;
  version: number | null;
  columns: Array<{ name: string; type: string }>;
  partitionColumns: string[];
  numFiles: number;
  numRows: number;
}

/** The Delta tables jobs append to, by canonical name under the table roots. */
export abstract class OutputTables {
  /** What is on disk where the table would be (before anyone may claim an unrecorded name). */
  abstract onDisk(tableName: string): Promise<TableOnDisk>;

  /** Creates the table for these kept columns, or checks an existing one has exactly that schema. */
  abstract prepare(tableName: string, keepColumns: readonly string[]): Promise<void>;

  /** Version, schema and size from the table's log (nothing of its rows). */
  abstract summary(tableName: string): Promise<TableSummary>;

  /** Commits one partition's file with the partition's txn id, so a repeat is a no-op. */
  abstract commitPartition(commit: PartitionCommit): Promise<PartitionCommitResult>;
}
