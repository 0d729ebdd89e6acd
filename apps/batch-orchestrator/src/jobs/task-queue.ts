import { BatchPartitionTask } from '@llmops/contract';
import { WorkQueue, WorkQueueSpec } from '@llmops/messaging';
import { BatchJob, BatchPartition } from './domain/batch-job';

/**
 * The broker's own delivery cap: above any job's `maxDeliver`, so the worker always sees the
 * delivery that exceeds a job's budget and dead-letters it with an error (a task the broker
 * drops silently would leave its partition pending forever).
 */
export const BROKER_MAX_DELIVER = 101;

export const BATCH_QUEUE_SPEC = Symbol('BATCH_QUEUE_SPEC');

type TaskPartition = Pick<BatchPartition, 'partition' | 'startRow' | 'endRow'> &
  Partial<Pick<BatchPartition, 'startByte' | 'endByte'>>;

export function partitionTask(job: BatchJob, partition: TaskPartition) {
  const task: BatchPartitionTask = {
    jobId: job.id,
    partition: partition.partition,
    datasetUri: job.datasetUri,
    datasetFormat: job.datasetFormat,
    startRow: partition.startRow,
    endRow: partition.endRow,
    ...(partition.startByte != null && partition.endByte != null
      ? { startByte: partition.startByte, endByte: partition.endByte }
      : {}),
    idColumn: job.idColumn,
    textColumn: job.textColumn,
    keepColumns: job.keepColumns,
    outputTable: job.outputTable,
    model: job.model,
    maxDeliver: job.maxDeliver,
  };
  return task;
}

/** Publishes one task per partition; the id `<jobId>/<partition>` makes a re-publish a no-op. */
export async function publishPartitions(
  queue: WorkQueue,
  spec: WorkQueueSpec,
  job: BatchJob,
  partitions: ReadonlyArray<TaskPartition>,
): Promise<number> {
  let published = 0;
  for (const partition of partitions) {
    const result = await queue.publish(spec, `${job.id}/${partition.partition}`, partitionTask(job, partition));
    if (!result.duplicate) published++;
  }
  return published;
}
