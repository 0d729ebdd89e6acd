import { BatchJobState } from '@llmops/contract';
import type { JobScope } from '../../access/batch-access';
import { BatchJob, BatchPartition } from './batch-job';

/** How a partition's report changes it; null leaves it as it is (already settled). */
export type PartitionUpdate = Partial<
  Pick<
    BatchPartition,
    | 'state'
    | 'rowsWritten'
    | 'failedRows'
    | 'deliveries'
    | 'tableVersion'
    | 'error'
    | 'workerId'
    | 'summarizeMs'
    | 'commitMs'
    | 'settledAt'
  >
>;

export interface SettleOutcome<T> {
  job: BatchJob;
  partition: BatchPartition;
  /** What the callback returned besides the update. */
  result: T;
  /** The partition changed state (false for a duplicate report). */
  changed: boolean;
  /** The job reached a final state with this settlement. */
  jobFinished: boolean;
}

export abstract class BatchJobRepository {
  /** Stores a new job with its planned partitions, atomically. */
  abstract create(job: BatchJob, partitions: BatchPartition[]): Promise<void>;

  abstract get(jobId: string): Promise<BatchJob | null>;

  /** Newest first; only the jobs `scope` lets the caller see (filtered in the query, before the limit). */
  abstract list(filter: { state?: BatchJobState; limit: number; scope?: JobScope }): Promise<BatchJob[]>;

  /** True when a job not finished yet reads this dataset (it must not be deleted under it). */
  abstract anyRunningReads(datasetName: string): Promise<boolean>;

  abstract partitions(jobId: string): Promise<BatchPartition[]>;

  /** Jobs not finished yet (what a restarted orchestrator resumes). */
  abstract unfinished(): Promise<BatchJob[]>;

  /**
   * Runs `decide` with the partition locked (reports of the same partition are serialised, across
   * replicas too), applies the update it returns, and recomputes the job from its partitions.
   */
  abstract settlePartition<T>(
    jobId: string,
    partition: number,
    decide: (partition: BatchPartition, job: BatchJob) => Promise<{ update: PartitionUpdate | null; result: T }>,
  ): Promise<SettleOutcome<T>>;
}
