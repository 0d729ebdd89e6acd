import { DatasetFormat } from '@llmops/contract';

export interface DatasetShape {
  rowCount: number;
  /** Columns seen in the file (JSONL: keys of the first rows; CSV: header; Parquet: schema). */
  columns: string[];
  /** Parquet byte-array columns without a text annotation (never kept: raw bytes are not lineage). */
  binaryColumns: string[];
  sizeBytes: number;
}

export interface StagedDataset extends DatasetShape {
  sha256: string;
}

/** What the orchestrator needs to know of a dataset to plan partitions or to record an upload. */
export abstract class DatasetInspector {
  /** A dataset under the data roots, by canonical name (opened race-safe under its root). */
  abstract inspect(name: string, format: DatasetFormat): Promise<DatasetShape>;

  /** An upload the gateway staged: its digest and shape; `name` is only for messages. */
  abstract inspectStaged(path: string, name: string, format: DatasetFormat): Promise<StagedDataset>;
}
