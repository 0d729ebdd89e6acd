import { DatasetFormat } from '@llmops/contract';

/** An uploaded dataset, recorded under its canonical name (the resource id of its permissions). */
export interface DatasetRecord {
  name: string;
  format: DatasetFormat;
  sizeBytes: number;
  sha256: string;
  rows: number;
  columns: string[];
  createdBy: string | null;
  createdAt: Date;
}

export abstract class DatasetRepository {
  abstract get(name: string): Promise<DatasetRecord | null>;

  /** Records a new dataset; false (nothing written) when the name is taken. */
  abstract claim(record: DatasetRecord): Promise<boolean>;

  abstract delete(name: string): Promise<void>;

  /** By name; `names` (when given) limits the result to those, in the query. */
  abstract list(filter: { prefix?: string; limit: number; names?: string[] }): Promise<DatasetRecord[]>;
}
