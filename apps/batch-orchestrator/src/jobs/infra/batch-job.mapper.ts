import { BatchJobState, BatchPartitionState, DatasetFormat } from '@llmops/contract';
import { BatchJob, BatchPartition } from '../domain/batch-job';
import { BatchJobEntity, BatchPartitionEntity } from './batch-job.entity';

const epoch = (d: Date | null) => (d ? String(d.getTime()) : null);
const date = (v: string | null) => (v === null ? null : new Date(Number(v)));

export function jobToEntity(job: BatchJob): BatchJobEntity {
  return Object.assign(new BatchJobEntity(), {
    id: job.id,
    state: job.state,
    createdBy: job.owner,
    datasetUri: job.datasetUri,
    datasetFormat: job.datasetFormat,
    idColumn: job.idColumn,
    textColumn: job.textColumn,
    keepColumns: job.keepColumns,
    outputTable: job.outputTable,
    partitionSize: job.partitionSize,
    maxDeliver: job.maxDeliver,
    modelRequestedUri: job.model.requestedUri,
    modelUri: job.model.modelUri,
    modelName: job.model.name,
    modelVersion: job.model.version,
    modelRunId: job.model.runId,
    modelStorageLocation: job.model.storageLocation,
    totalRows: job.totalRows,
    totalPartitions: job.totalPartitions,
    partitionsDone: job.partitionsDone,
    partitionsDeadLettered: job.partitionsDeadLettered,
    rowsWritten: String(job.rowsWritten),
    rowsFailed: String(job.rowsFailed),
    createdAt: String(job.createdAt.getTime()),
    finishedAt: epoch(job.finishedAt),
    error: job.error,
  });
}

export function jobFromEntity(e: BatchJobEntity): BatchJob {
  return {
    id: e.id,
    state: e.state as BatchJobState,
    owner: e.createdBy,
    datasetUri: e.datasetUri,
    datasetFormat: e.datasetFormat as DatasetFormat,
    idColumn: e.idColumn,
    textColumn: e.textColumn,
    keepColumns: e.keepColumns,
    outputTable: e.outputTable,
    partitionSize: e.partitionSize,
    maxDeliver: e.maxDeliver,
    model: {
      requestedUri: e.modelRequestedUri,
      modelUri: e.modelUri,
      name: e.modelName,
      version: e.modelVersion,
      runId: e.modelRunId,
      storageLocation: e.modelStorageLocation,
    },
    totalRows: e.totalRows,
    totalPartitions: e.totalPartitions,
    partitionsDone: e.partitionsDone,
    partitionsDeadLettered: e.partitionsDeadLettered,
    rowsWritten: Number(e.rowsWritten),
    rowsFailed: Number(e.rowsFailed),
    createdAt: new Date(Number(e.createdAt)),
    finishedAt: date(e.finishedAt),
    error: e.error,
  };
}

export function partitionToEntity(p: BatchPartition): BatchPartitionEntity {
  return Object.assign(new BatchPartitionEntity(), {
    jobId: p.jobId,
    partition: p.partition,
    startRow: p.startRow,
    endRow: p.endRow,
    startByte: p.startByte === null ? null : String(p.startByte),
    endByte: p.endByte === null ? null : String(p.endByte),
    state: p.state,
    rowsWritten: p.rowsWritten,
    failedRows: p.failedRows,
    deliveries: p.deliveries,
    tableVersion: p.tableVersion,
    error: p.error,
    workerId: p.workerId,
    summarizeMs: p.summarizeMs,
    commitMs: p.commitMs,
    settledAt: epoch(p.settledAt),
  });
}

export function partitionFromEntity(e: BatchPartitionEntity): BatchPartition {
  return {
    jobId: e.jobId,
    partition: e.partition,
    startRow: e.startRow,
    endRow: e.endRow,
    startByte: e.startByte === null || e.startByte === undefined ? null : Number(e.startByte),
    endByte: e.endByte === null || e.endByte === undefined ? null : Number(e.endByte),
    state: e.state as BatchPartitionState,
    rowsWritten: e.rowsWritten,
    failedRows: e.failedRows,
    deliveries: e.deliveries,
    tableVersion: e.tableVersion,
    error: e.error,
    workerId: e.workerId,
    summarizeMs: e.summarizeMs,
    commitMs: e.commitMs,
    settledAt: date(e.settledAt),
  };
}
