export interface PartitionCommit {
  tableUri: string;
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

/** The Delta tables jobs append to. */
export abstract class OutputTables {
  /** Creates the table for these kept columns, or checks an existing one has exactly that schema. */
  abstract prepare(tableUri: string, keepColumns: readonly string[]): Promise<void>;

  /** Commits one partition's file with the partition's txn id, so a repeat is a no-op. */
  abstract commitPartition(commit: PartitionCommit): Promise<PartitionCommitResult>;
}
