/** A Delta table jobs write, recorded under its canonical name (the resource id of its permissions). */
export interface TableRecord {
  name: string;
  createdBy: string | null;
  createdAt: Date;
}

export abstract class TableRepository {
  abstract get(name: string): Promise<TableRecord | null>;

  /** Records a new table; false (nothing written) when the name is taken. */
  abstract claim(record: TableRecord): Promise<boolean>;

  abstract delete(name: string): Promise<void>;

  /** By name; `names` (when given) limits the result to those, in the query. */
  abstract list(filter: { limit: number; names?: string[] }): Promise<TableRecord[]>;

  /** Recorded tables inside this name's directory, or whose directory holds it (tables never nest). */
  abstract nestedWith(name: string): Promise<string[]>;
}
