import { BatchDatasetView } from '@llmops/contract';
import { DatasetRecord } from './domain/dataset-record';

export function toDatasetView(record: DatasetRecord): BatchDatasetView {
  return {
    name: record.name,
    format: record.format,
    sizeBytes: record.sizeBytes,
    sha256: record.sha256,
    rows: record.rows,
    columns: record.columns,
    createdBy: record.createdBy,
    createdAt: record.createdAt.getTime(),
  };
}
