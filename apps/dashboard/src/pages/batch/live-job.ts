import type { Schemas } from '../../api/client';

type Detail = Schemas['BatchJobDetailView'];
type PartitionEvent = Schemas['BatchPartitionEvent'];

/**
 * A job's detail with one partition event applied: what the stream says changed, without asking
 * the API again (the final `finished` event is followed by a fresh read).
 */
export function applyPartitionEvent(job: Detail, event: PartitionEvent): Detail {
  if (event.jobId !== job.jobId) return job;
  const partitionDetails = job.partitionDetails.map((p) =>
    p.partition === event.partition
      ? {
          ...p,
          state: event.state,
          rowsWritten: event.rowsWritten,
          failedRowIds: event.failedRowIds,
          error: event.error,
        }
      : p,
  );
  const failedRowIds = [...new Set([...job.failedRowIds, ...event.failedRowIds])];
  const elapsed = (Date.now() - job.createdAt) / 1000;
  return {
    ...job,
    state: event.job.state,
    partitionDetails,
    failedRowIds,
    partitions: {
      total: event.job.total,
      done: event.job.done,
      deadLettered: event.job.deadLettered,
      pending: Math.max(0, event.job.total - event.job.done - event.job.deadLettered),
    },
    rows: { written: event.job.rowsWritten, failed: Math.max(job.rows.failed, failedRowIds.length) },
    throughputRowsPerSec: elapsed > 0 ? event.job.rowsWritten / elapsed : job.throughputRowsPerSec,
  };
}
