import { DatasetFormat } from '@llmops/contract';
import { DatasetSplit } from '@llmops/pipeline';

export interface DatasetShape {
  rowCount: number;
  /** Columns seen in the file (JSONL: keys of the first rows; CSV: header; Parquet: schema). */
  columns: string[];
  /** Parquet byte-array columns without a text annotation (never kept: raw bytes are not lineage). */
  binaryColumns: string[];
  sizeBytes: number;
}

/** How to cut a dataset into partitions. */
export interface Partitioning {
  rowsPerPartition: number;
  /** JSONL/CSV: also cut at this many bytes. */
  maxPartitionBytes: number;
  /** More partitions than this is refused (before they are all listed). */
  maxPartitions: number;
}

export interface DatasetPlan extends DatasetShape {
  /** Consecutive row ranges (with their bytes for JSONL/CSV) covering every row once. */
  splits: DatasetSplit[];
}

export interface StagedDataset extends DatasetShape {
  sha256: string;
}

/** What the orchestrator needs to know of a dataset to plan partitions or to record an upload. */
export abstract class DatasetInspector {
  /** A dataset under the data roots, by canonical name (opened race-safe under its root). */
  /**
   * A dataset under the data roots, by canonical name (opened race-safe under its root): its shape
   * and its partitions, read as a stream (Parquet: the footer), never held whole.
   */
  abstract inspect(name: string, format: DatasetFormat, partitioning: Partitioning): Promise<DatasetPlan>;

  /** An upload the gateway staged: its digest and shape; `name` is only for messages. */
  abstract inspectStaged(path: string, name: string, format: DatasetFormat): Promise<StagedDataset>;
}
