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

type CountedPartition = Pick<BatchPartition, 'state' | 'rowsWritten' | 'failedRows' | 'endRow' | 'startRow'>;

interface JobCounters {
  done: number;
  dead: number;
  written: number;
  failed: number;
}

/** What one partition adds to its job's counters. */
function countsOf(p: CountedPartition): JobCounters {
  if (p.state === 'DONE') return { done: 1, dead: 0, written: p.rowsWritten, failed: p.failedRows.length };
  if (p.state === 'DEAD_LETTERED') return { done: 0, dead: 1, written: 0, failed: p.endRow - p.startRow };
  return { done: 0, dead: 0, written: 0, failed: 0 };
}

/** The job's counters and state recomputed from its partitions (the partitions are the truth). */
export function summarizeJob(job: BatchJob, partitions: readonly CountedPartition[], now: Date): BatchJob {
  const total: JobCounters = { done: 0, dead: 0, written: 0, failed: 0 };
  for (const p of partitions) {
    const c = countsOf(p);
    total.done += c.done;
    total.dead += c.dead;
    total.written += c.written;
    total.failed += c.failed;
  }
  return withCounters(job, total, now);
}

/**
 * The job after one partition changed from `before` to `after`: its counters moved by that
 * partition's difference, in O(1) (recomputing from every partition on each commit made a job's
 * commits quadratic in its partitions). Exact as long as every partition change goes through this
 * with the partition and job rows locked, as `settlePartition` does.
 */
export function settleJob(job: BatchJob, before: CountedPartition, after: CountedPartition, now: Date): BatchJob {
  const was = countsOf(before);
  const is = countsOf(after);
  return withCounters(
    job,
    {
      done: job.partitionsDone + is.done - was.done,
      dead: job.partitionsDeadLettered + is.dead - was.dead,
      written: job.rowsWritten + is.written - was.written,
      failed: job.rowsFailed + is.failed - was.failed,
    },
    now,
  );
}

function withCounters(job: BatchJob, { done, dead, written, failed }: JobCounters, now: Date): BatchJob {
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
