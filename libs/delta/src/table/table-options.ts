import { AddAction, TxnAction } from '../log/actions';
import { DeltaColumn } from '../schema/columns';
import { TableStorage } from '../storage/table-storage';

export interface OpenTableOptions {
  /** Storage to use instead of the one chosen by the URI scheme (tests, other backends). */
  storage?: TableStorage;
  /** Write a checkpoint every N commits (version % N === 0). Default 10; 0 turns checkpoints off. */
  checkpointInterval?: number;
  /** How many times a commit may lose the put-if-absent race before giving up. Default 50. */
  maxCommitAttempts?: number;
  /** Recorded in `commitInfo.engineInfo`. */
  engineInfo?: string;
}

export interface CreateTableOptions extends OpenTableOptions {
  columns: readonly DeltaColumn[];
  partitionColumns?: readonly string[];
  name?: string;
  description?: string;
  /** `metaData.configuration` (table properties such as `delta.appendOnly`). */
  configuration?: Record<string, string>;
}

/**
 * Identifies an idempotent write: a commit carrying `txn {appId, version}` is skipped when the
 * table already holds a txn for `appId` with a version >= this one.
 */
export interface TxnId {
  appId: string;
  version: number;
}

export interface CommitOptions {
  txn?: TxnId;
  /** Extra `commitInfo.operationParameters` (values must be strings, as Spark writes them). */
  operationParameters?: Record<string, string>;
}

export type CommitResult =
  | {
      status: 'committed';
      version: number;
      /** 1 when the first put-if-absent won; more when it lost races to other writers. */
      attempts: number;
      adds: AddAction[];
      /** The checkpoint version written right after this commit, if any. */
      checkpointVersion: number | null;
      /** Set when the checkpoint due after this commit failed (the commit itself stands). */
      checkpointError?: string;
    }
  | {
      /** The txn was already in the table: nothing was written. */
      status: 'already-committed';
      appId: string;
      /** The txn version found in the table (>= the requested one). */
      committedVersion: number;
    };

export interface HistoryEntry {
  version: number;
  timestamp: number;
  operation: string;
  operationParameters: Record<string, string>;
  readVersion?: number;
  isBlindAppend?: boolean;
  engineInfo?: string;
  txns: TxnAction[];
  addedFiles: number;
  removedFiles: number;
  /** Sum of `numRecords` over the added files that have stats. */
  addedRows: number;
}

export interface ReadRowsOptions {
  /** Time travel: read this version instead of the latest. */
  version?: number;
  /** Only these partition values (exact string match on `add.partitionValues`). */
  partitionFilter?: Record<string, string | null>;
  /** At most this many rows: files are read one after another until there are enough. */
  limit?: number;
}

export interface HistoryOptions {
  /** At most this many commits (newest first). */
  limit?: number;
  /** Only commits older than this version (the next page of a paged history). */
  before?: number;
}
