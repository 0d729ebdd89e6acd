/** Size and modification time of a stored file. */
export interface StoredFileInfo {
  size: number;
  /** Milliseconds since the epoch. */
  modificationTime: number;
}

/**
 * Where a table's files live. Paths are relative to the table root and use `/`. The one operation
 * that makes Delta commits safe is `putIfAbsent`: it must be atomic (a reader never sees a partial
 * file) and must never replace an existing file, so two writers can race for the same version.
 */
export abstract class TableStorage {
  /** The table root as a URI (e.g. `file:///data/tables/summaries`). */
  abstract readonly uri: string;

  /** The whole file, or null if it does not exist. */
  abstract read(path: string): Promise<Uint8Array | null>;

  /** Atomically creates the file with these bytes; false (and nothing written) if it already exists. */
  abstract putIfAbsent(path: string, data: Uint8Array): Promise<boolean>;

  /** Writes the file, replacing it atomically if it exists (data files, `_last_checkpoint`). */
  abstract write(path: string, data: Uint8Array): Promise<void>;

  /**
   * Names of the files (not directories, not hidden dot-files) directly inside `dir`; empty if
   * the directory does not exist. Names only: listing the log must stay cheap with 1000s of files.
   */
  abstract list(dir: string): Promise<string[]>;

  /** Size and modification time, or null if the file does not exist. */
  abstract stat(path: string): Promise<StoredFileInfo | null>;

  /** Deletes the file if it exists (used to clean up temporary files only, never the log). */
  abstract delete(path: string): Promise<void>;
}
