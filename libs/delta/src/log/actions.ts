/** Delta log actions as they appear in `_delta_log/*.json` (one JSON object per line). */

export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

export interface MetadataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime?: number | null;
}

/** Statistics of one data file, serialized as a JSON string into `add.stats`. */
export interface FileStats {
  numRecords: number;
  minValues: Record<string, number | string>;
  maxValues: Record<string, number | string>;
  nullCount: Record<string, number>;
}

export interface AddAction {
  /** URI-encoded path relative to the table root (or an absolute URI). */
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** JSON of `FileStats` (optional in the protocol). */
  stats?: string;
  tags?: Record<string, string>;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean | null;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  tags?: Record<string, string> | null;
}

export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

export interface CommitInfoAction {
  timestamp: number;
  operation: string;
  operationParameters: Record<string, string>;
  readVersion?: number;
  isBlindAppend?: boolean;
  engineInfo?: string;
  operationMetrics?: Record<string, string>;
  [key: string]: unknown;
}

/** One line of a commit file. Unknown action kinds (cdc, domainMetadata...) are kept as `other`. */
export type DeltaAction =
  | { protocol: ProtocolAction }
  | { metaData: MetadataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { txn: TxnAction }
  | { commitInfo: CommitInfoAction };

export const ENGINE_INFO = 'llmops-delta/0.1.0';

/** What this library reads and writes: plain reader v1 / writer v2 tables, no table features. */
export const SUPPORTED_READER_VERSION = 1;
export const SUPPORTED_WRITER_VERSION = 2;
