import type { FileHandle } from 'node:fs/promises';
import { DataKind } from './data-names';

/** A dataset or table location, resolved under its root. */
export interface DataLocation {
  kind: DataKind;
  /**
   * The canonical name (`news/prod.jsonl`, `lake/news_summaries`): the resource id permissions are
   * granted on, what jobs record and what users see.
   */
  name: string;
  /** The absolute path on this machine, under `rootPath`. */
  path: string;
  /** The root's real path (after symlinks). */
  rootPath: string;
  /** The mount the name is under (its first segment), or null for the default root. */
  mount: string | null;
}

/** A dataset file opened for reading, verified to be the file under the root (see `openDataset`). */
export interface OpenedDataset {
  location: DataLocation;
  handle: FileHandle;
  size: number;
  /** Modification time, to tell a changed file from the one planned. */
  mtimeMs: number;
  close(): Promise<void>;
}

/**
 * The one place that turns what a user wrote for a dataset or table into a location on disk, and
 * refuses anything outside the configured roots. Names are checked without the disk (`nameOf`);
 * locations are resolved after symlinks (`locate`); files are opened race-safe (`openDataset`).
 * Permission checks are made on the name `nameOf` returns, so the check and the use agree.
 */
export abstract class DataLocations {
  /**
   * The canonical name of a user's value: a name relative to the roots (`news/prod.jsonl`), an
   * absolute path under a root, or a `file://` URI of one. No disk access; refuses anything else.
   */
  abstract nameOf(kind: DataKind, value: string): string;

  /**
   * Where a canonical name lives. The deepest existing ancestor of the location is resolved after
   * symlinks and must be under the root's real path (a symlink inside the root pointing out is
   * refused). The location need not exist.
   */
  abstract locate(kind: DataKind, name: string): Promise<DataLocation>;

  /**
   * Opens a dataset file for reading. Race-safe: the opened descriptor is compared (device and
   * inode) with the file at the location's real path, checked under the root after opening, so a
   * symlink swapped in at any moment cannot make it read a file outside the root. Refuses anything
   * but a regular file (a FIFO, a device, a directory) without blocking.
   */
  abstract openDataset(name: string): Promise<OpenedDataset>;

  /** Creates a table directory (and parents) under its root, refusing symlinks out; its real path. */
  abstract ensureTableDirectory(name: string): Promise<string>;

  /** The staging directory for uploads: on the default dataset root's filesystem, never a name. */
  abstract stagingDirectory(): Promise<string>;

  /**
   * Publishes a staged upload as a dataset name in the default root, atomically and without ever
   * replacing a file (`link`: false when the name exists). The staged file is removed either way.
   */
  abstract publishStaged(stagedFile: string, name: string): Promise<{ published: boolean; location: DataLocation }>;

  /** Removes a dataset file (the name must resolve under its root). */
  abstract removeDataset(name: string): Promise<void>;
}
