import { BatchJobState, BatchPartitionState, DatasetFormat } from '@llmops/contract';

/** The model a job pinned at submit time. */
export interface BatchModel {
  requestedUri: string;
  modelUri: string;
  name: string | null;
  version: string | null;
  runId: string;
  storageLocation: string;
}

export interface BatchJob {
  id: string;
  state: BatchJobState;
  /** Who submitted it; null for a service's job (or one from before jobs had owners). */
  owner: string | null;
  /** Canonical dataset name (under the dataset roots). */
  datasetUri: string;
  datasetFormat: DatasetFormat;
  idColumn: string;
  textColumn: string;
  keepColumns: string[];
  /** Canonical table name (under the table roots). */
  outputTable: string;
  partitionSize: number;
  maxDeliver: number;
  model: BatchModel;
  totalRows: number;
  totalPartitions: number;
  partitionsDone: number;
  partitionsDeadLettered: number;
  rowsWritten: number;
  rowsFailed: number;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export interface FailedRow {
  id: string;
  error: string;
}

export interface BatchPartition {
  jobId: string;
  partition: number;
  startRow: number;
  endRow: number;
  /** JSONL/CSV: the bytes that hold exactly the partition's rows (null: Parquet, or planned before splits). */
  startByte: number | null;
  endByte: number | null;
  state: BatchPartitionState;
  rowsWritten: number;
  failedRows: FailedRow[];
  deliveries: number;
  tableVersion: number | null;
  error: string | null;
  workerId: string | null;
  summarizeMs: number | null;
  commitMs: number | null;
  settledAt: Date | null;
}

export type PlannedPartition = Pick<
  BatchPartition,
  'jobId' | 'partition' | 'startRow' | 'endRow' | 'startByte' | 'endByte'
>;

/** One partition per split of the dataset, numbered in file order. */
export function planPartitions(
  jobId: string,
  splits: ReadonlyArray<Pick<BatchPartition, 'startRow' | 'endRow' | 'startByte' | 'endByte'>>,
): PlannedPartition[] {
  return splits.map((s, partition) => ({
    jobId,
    partition,
    startRow: s.startRow,
    endRow: s.endRow,
    startByte: s.startByte,
    endByte: s.endByte,
  }));
}

/** The job's counters and state recomputed from its partitions (the partitions are the truth). */
export function summarizeJob(
  job: BatchJob,
  partitions: readonly Pick<BatchPartition, 'state' | 'rowsWritten' | 'failedRows' | 'endRow' | 'startRow'>[],
  now: Date,
): BatchJob {
  let done = 0;
  let dead = 0;
  let written = 0;
  let failed = 0;
  for (const p of partitions) {
    if (p.state === 'DONE') {
      done++;
      written += p.rowsWritten;
      failed += p.failedRows.length;
    } else if (p.state === 'DEAD_LETTERED') {
      dead++;
      failed += p.endRow - p.startRow;
    }
  }
  const finished = done + dead === job.totalPartitions;
  let state: BatchJobState = 'RUNNING';
  if (finished) {
    if (dead === 0 && failed === 0) state = 'SUCCEEDED';
    else if (written === 0) state = 'FAILED';
    else state = 'PARTIALLY_FAILED';
  }
  const error =
    finished && state !== 'SUCCEEDED' ? `${dead} partition(s) dead-lettered, ${failed} row(s) failed` : job.error;
  return {
    ...job,
    state,
    partitionsDone: done,
    partitionsDeadLettered: dead,
    rowsWritten: written,
    rowsFailed: failed,
    finishedAt: finished ? (job.finishedAt ?? now) : null,
    error,
  };
}

/** Rows written per second since the job was created (to its end once finished). */
export function throughputOf(job: BatchJob, now: Date): number | null {
  const end = job.finishedAt ?? now;
  const seconds = (end.getTime() - job.createdAt.getTime()) / 1000;
  if (seconds <= 0 || job.rowsWritten === 0) return null;
  return job.rowsWritten / seconds;
}
