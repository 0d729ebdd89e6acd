import { DatasetFormat } from '@llmops/contract';
import { DatasetSplit, SplitSizing } from '@llmops/pipeline';

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
  /** A number, or a rule that picks it from the dataset's size and average row size. */
  rowsPerPartition: SplitSizing;
  /** JSONL/CSV: also cut at this many bytes. */
  maxPartitionBytes: number;
  /** More partitions than this is refused (before they are all listed). */
  maxPartitions: number;
}

export interface DatasetPlan extends DatasetShape {
  /** The rows per partition the plan used (the rule's choice when given one). */
  rowsPerPartition: number;
  /** Consecutive row ranges (with their bytes for JSONL/CSV) covering every row once. */
  splits: DatasetSplit[];
}

export interface StagedDataset extends DatasetShape {
  sha256: string;
}

/** What the orchestrator needs to know of a dataset to plan partitions or to record an upload. */
export abstract class DatasetInspector {
  /**
   * A dataset under the data roots, by canonical name (opened race-safe under its root): its shape
   * and its partitions, read as a stream (Parquet: the footer), never held whole.
   */
  abstract inspect(name: string, format: DatasetFormat, partitioning: Partitioning): Promise<DatasetPlan>;

  /** An upload the gateway staged: its digest and shape; `name` is only for messages. */
  abstract inspectStaged(path: string, name: string, format: DatasetFormat): Promise<StagedDataset>;
}
