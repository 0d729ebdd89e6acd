import { stat } from 'node:fs/promises';
import { LocalTableStorage } from '../storage/local-table-storage';
import { DeltaTable } from './delta-table';

/**
 * Local tables kept open between operations, so each one continues from the log state the last
 * left (reading only the commits since) instead of loading the latest checkpoint, which lists
 * every file of the table: opening afresh for each of a job's partitions made every commit (and
 * every data file written) O(files), a job's work quadratic in its partitions, and a worker's
 * garbage per partition grow with them. Safe with other writers: a table lists its log on every
 * operation, and commits never change once written. Keyed by the directory's inode and birth time
 * too, so a table removed and created again under its path is opened afresh. At most `capacity`
 * tables, least recently used dropped first. Storage is confined to the table directory, as before.
 */
export class OpenLocalTables {
  private readonly tables = new Map<string, DeltaTable>();

  constructor(private readonly capacity = 8) {}

  /** The table in `directory` (already resolved and checked by the caller). */
  async open(directory: string): Promise<DeltaTable> {
    const info = await stat(directory);
    const key = `${directory}\0${info.ino}\0${info.birthtimeMs}`;
    let table = this.tables.get(key);
    if (table) this.tables.delete(key);
    else {
      const storage = new LocalTableStorage(directory, { confined: true });
      table = await DeltaTable.open(storage.uri, { storage });
    }
    this.tables.set(key, table);
    if (this.tables.size > this.capacity) this.tables.delete(this.tables.keys().next().value as string);
    return table;
  }
}
