import { BatchJobDetailView, BatchJobView, BatchPartitionView } from '@llmops/contract';
import { BatchJob, BatchPartition, throughputOf } from './domain/batch-job';

export function toJobView(job: BatchJob, now = new Date()): BatchJobView {
  return {
    jobId: job.id,
    state: job.state,
    owner: job.owner,
    datasetUri: job.datasetUri,
    datasetFormat: job.datasetFormat,
    idColumn: job.idColumn,
    textColumn: job.textColumn,
    keepColumns: job.keepColumns,
    outputTable: job.outputTable,
    partitionSize: job.partitionSize,
    model: job.model,
    totalRows: job.totalRows,
    partitions: {
      total: job.totalPartitions,
      done: job.partitionsDone,
      deadLettered: job.partitionsDeadLettered,
      pending: job.totalPartitions - job.partitionsDone - job.partitionsDeadLettered,
    },
    rows: { written: job.rowsWritten, failed: job.rowsFailed },
    throughputRowsPerSec: throughputOf(job, now),
    createdAt: job.createdAt.getTime(),
    finishedAt: job.finishedAt?.getTime() ?? null,
    error: job.error,
  };
}

export function toPartitionView(p: BatchPartition): BatchPartitionView {
  return {
    partition: p.partition,
    state: p.state,
    startRow: p.startRow,
    endRow: p.endRow,
    rowsWritten: p.rowsWritten,
    failedRowIds: p.failedRows.map((r) => r.id),
    deliveries: p.deliveries,
    tableVersion: p.tableVersion,
    error: p.error,
    workerId: p.workerId,
    summarizeMs: p.summarizeMs,
    commitMs: p.commitMs,
  };
}

export function toJobDetailView(job: BatchJob, partitions: BatchPartition[], now = new Date()): BatchJobDetailView {
  return {
    ...toJobView(job, now),
    partitionDetails: partitions.map(toPartitionView),
    failedRowIds: partitions.flatMap((p) => p.failedRows.map((r) => r.id)),
  };
}
