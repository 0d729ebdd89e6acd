/**
 * Wire shapes of production batch inference (camelCase: MLflow has no counterpart).
 */

export const BATCH_JOB_STATES = ['RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'] as const;
export type BatchJobState = (typeof BATCH_JOB_STATES)[number];

export const BATCH_PARTITION_STATES = ['PENDING', 'DONE', 'DEAD_LETTERED'] as const;
export type BatchPartitionState = (typeof BATCH_PARTITION_STATES)[number];

export const DATASET_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** The JetStream work queue partition tasks travel on (one queue for every job). */
export const BATCH_WORK_QUEUE = {
  /** JetStream stream (retention WorkQueue). */
  stream: 'LLMOPS_BATCH_TASKS',
  subject: 'batch.v1.tasks.partition',
  /** Durable pull consumer shared by every inference replica. */
  consumer: 'batch-workers',
} as const;

export const BATCH_TABLE_LIMITS = {
  defaultVersions: 20,
  maxVersions: 200,
  defaultSampleRows: 20,
  maxSampleRows: 200,
} as const;

export const BATCH_LIMITS = {
  maxPartitionSize: 100_000,
  maxPartitions: 100_000,
  defaultMaxDeliver: 3,
  maxKeepColumns: 32,
  /** A kept value larger than this fails its row (kept columns are lineage, not a copy of the data). */
  maxKeptValueBytes: 64 * 1024,
  /** An id larger than this fails its row. */
  maxIdBytes: 1024,
} as const;

/** Content types a dataset upload may declare, and the format each means. */
export const DATASET_CONTENT_TYPES: Readonly<Record<string, DatasetFormat | null>> = {
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
  'text/csv': 'csv',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  /** The format then comes from the name's extension. */
  'application/octet-stream': null,
};

/** A dataset under the data roots: uploaded (with a record) or placed there by an operator. */
export interface BatchDatasetView {
  /** Canonical name relative to the dataset roots (`news/prod.jsonl`): what jobs and grants name. */
  name: string;
  /** As uploaded; for a placed file, from its extension (null when it has none we know). */
  format: DatasetFormat | null;
  sizeBytes: number;
  /** sha256 of the content, hex (null for a file an operator placed without uploading). */
  sha256: string | null;
  rows: number | null;
  columns: string[];
  /** Who uploaded it (null: placed by an operator). */
  createdBy: string | null;
  createdAt: number | null;
}

/** A Delta table jobs write to, a resource with permissions (the creator manages it). */
export interface TableEntryView {
  /** Canonical name relative to the table roots (`news_summaries`, `lake/news_summaries`). */
  name: string;
  createdBy: string | null;
  /** null for a table an operator placed (not created by a job). */
  createdAt: number | null;
}

/** A table with what its Delta log says (never its rows). */
export interface TableView extends TableEntryView {
  /** `file://` URI of the table directory, for readers (DuckDB, Spark) on the shared volume. */
  location: string;
  /** The latest Delta version, its columns and size; null while the table has no log. */
  version: number | null;
  columns: Array<{ name: string; type: string }>;
  partitionColumns: string[];
  numFiles: number;
  numRows: number;
}

/** The concrete model a job uses, resolved once at submit time. */
export interface BatchModelView {
  /** What the caller asked for (e.g. `models:/news/Production`). */
  requestedUri: string;
  /** The pinned URI every partition loads (`models:/news/3`, or the `runs:/` URI). */
  modelUri: string;
  name: string | null;
  version: string | null;
  runId: string;
  storageLocation: string;
}

export interface BatchJobView {
  jobId: string;
  state: BatchJobState;
  /** Who submitted it (null: submitted by a service, or before jobs had owners). */
  owner: string | null;
  /** The dataset's canonical name (relative to the dataset roots). */
  datasetUri: string;
  datasetFormat: DatasetFormat;
  idColumn: string;
  textColumn: string;
  keepColumns: string[];
  /** The table's canonical name (relative to the table roots). */
  outputTable: string;
  partitionSize: number;
  model: BatchModelView;
  totalRows: number;
  partitions: { total: number; done: number; deadLettered: number; pending: number };
  rows: { written: number; failed: number };
  /** Rows written per second of wall time since the job started. */
  throughputRowsPerSec: number | null;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
}

export interface BatchPartitionView {
  partition: number;
  state: BatchPartitionState;
  startRow: number;
  endRow: number;
  rowsWritten: number;
  failedRowIds: string[];
  deliveries: number;
  tableVersion: number | null;
  error: string | null;
  workerId: string | null;
  /** Time the worker spent summarizing the partition's rows. */
  summarizeMs: number | null;
  /** Time the orchestrator spent committing the partition's file to the Delta table. */
  commitMs: number | null;
}

export interface BatchJobDetailView extends BatchJobView {
  partitionDetails: BatchPartitionView[];
  /** Per-row failures across partitions (the rows' errors are in the partitions). */
  failedRowIds: string[];
}

/** What the work queue carries: everything a worker needs, nothing it must look up. */
export interface BatchPartitionTask {
  jobId: string;
  partition: number;
  /** Canonical dataset name: the worker resolves it under its own dataset roots. */
  datasetUri: string;
  datasetFormat: DatasetFormat;
  /** Rows [startRow, endRow) of the dataset, in file order. */
  startRow: number;
  endRow: number;
  /**
   * JSONL/CSV: the bytes [startByte, endByte) that hold exactly those rows (the first is a
   * record's first byte), so the worker reads only them. Absent for Parquet (read by row groups)
   * and in tasks planned before splits.
   */
  startByte?: number;
  endByte?: number;
  idColumn: string;
  textColumn: string;
  keepColumns: string[];
  /** Canonical table name: the worker resolves it under its own table roots. */
  outputTable: string;
  model: BatchModelView;
  /** Deliveries allowed before the task is dead-lettered. */
  maxDeliver: number;
}

/** A data file as the Delta writer describes it (the `add` action); opaque to the contract. */
export type BatchAddAction = Record<string, unknown>;

export interface CompletePartitionResponse {
  /** false when the partition had already been committed (a duplicate or retried report). */
  committed: boolean;
  tableVersion: number | null;
}

export interface BatchPartitionEvent {
  jobId: string;
  partition: number;
  state: BatchPartitionState;
  rowsWritten: number;
  failedRowIds: string[];
  error: string | null;
  job: { state: BatchJobState; done: number; deadLettered: number; total: number; rowsWritten: number };
}

export interface BatchJobEvent {
  jobId: string;
  state: BatchJobState;
  rowsWritten: number;
  rowsFailed: number;
  partitionsDeadLettered: number;
}

/** A column of a Delta table (`type` is Delta's primitive type name). */
export interface DeltaColumnView {
  name: string;
  type: string;
  nullable: boolean;
  /** A partition column (its values live in the log, one folder per value). */
  partition: boolean;
}

/** One commit of a Delta table, as `DESCRIBE HISTORY` shows it. */
export interface DeltaVersionView {
  version: number;
  /** Epoch ms. */
  timestamp: number;
  /** `CREATE TABLE`, `WRITE`, ... */
  operation: string;
  operationParameters: Record<string, string>;
  addedFiles: number;
  removedFiles: number;
  /** Rows this version added (from the added files' stats). */
  addedRows: number;
  /** The batch job and partition whose rows this version committed, when a job wrote it. */
  batchJobId: string | null;
  partition: number | null;
}

/** A job's output table: what it is now, and a page of its history. */
export interface BatchTableView {
  jobId: string;
  /** Where the table is (the job's `outputTable`). */
  table: string;
  name: string | null;
  description: string | null;
  /** Epoch ms of the table's creation. */
  createdTime: number | null;
  latestVersion: number;
  columns: DeltaColumnView[];
  partitionColumns: string[];
  /** Data files and rows of the latest version. */
  files: number;
  rows: number;
  /** Newest first. */
  versions: DeltaVersionView[];
  /** Pass as `before` for the next (older) page; null when this page reaches version 0. */
  nextBefore: number | null;
}

/** A JSON value of a table cell: longs beyond 2^53 travel as strings, timestamps as ISO 8601. */
export type DeltaCellView = string | number | boolean | null;

/** The first rows of a table version (time travel). */
export interface BatchTableRowsView {
  jobId: string;
  table: string;
  version: number;
  /** Epoch ms of that version's commit. */
  timestamp: number;
  /** Rows and data files in the table at that version. */
  totalRows: number;
  files: number;
  columns: DeltaColumnView[];
  rows: Array<Record<string, DeltaCellView>>;
}
