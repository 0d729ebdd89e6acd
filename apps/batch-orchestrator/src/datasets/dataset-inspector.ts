import { DatasetFormat } from '@llmops/contract';

export interface DatasetShape {
  rowCount: number;
  /** Columns seen in the file (JSONL: keys of the first rows; CSV: header; Parquet: schema). */
  columns: string[];
}

/** What the orchestrator needs to know of a dataset to plan partitions. */
export abstract class DatasetInspector {
  abstract inspect(path: string, format: DatasetFormat): Promise<DatasetShape>;
}
