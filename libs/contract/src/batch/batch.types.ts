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

export const BATCH_LIMITS = {
  defaultPartitionSize: 100,
  maxPartitionSize: 100_000,
  maxPartitions: 100_000,
  defaultMaxDeliver: 3,
  maxKeepColumns: 32,
} as const;

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
  datasetUri: string;
  datasetFormat: DatasetFormat;
  idColumn: string;
  textColumn: string;
  keepColumns: string[];
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
  datasetUri: string;
  datasetFormat: DatasetFormat;
  /** Rows [startRow, endRow) of the dataset, in file order. */
  startRow: number;
  endRow: number;
  idColumn: string;
  textColumn: string;
  keepColumns: string[];
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
