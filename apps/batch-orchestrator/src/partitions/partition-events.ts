import { Logger } from '@nestjs/common';
import { BatchEvents } from '../events/batch-events';
import { SettleOutcome } from '../jobs/domain/batch-job.repository';

const logger = new Logger('BatchEvents');

/** Announces a settlement; progress events are best effort and never fail the report. */
export async function announce(events: BatchEvents, outcome: SettleOutcome<unknown>): Promise<void> {
  if (!outcome.changed) return;
  const { job, partition } = outcome;
  try {
    await events.partitionSettled({
      jobId: job.id,
      partition: partition.partition,
      state: partition.state,
      rowsWritten: partition.rowsWritten,
      failedRowIds: partition.failedRows.map((r) => r.id),
      error: partition.error,
      job: {
        state: job.state,
        done: job.partitionsDone,
        deadLettered: job.partitionsDeadLettered,
        total: job.totalPartitions,
        rowsWritten: job.rowsWritten,
      },
    });
    if (outcome.jobFinished) {
      await events.jobFinished({
        jobId: job.id,
        state: job.state,
        rowsWritten: job.rowsWritten,
        rowsFailed: job.rowsFailed,
        partitionsDeadLettered: job.partitionsDeadLettered,
      });
    }
  } catch (error) {
    logger.warn(`could not publish progress of job ${job.id}: ${(error as Error).message}`);
  }
}
