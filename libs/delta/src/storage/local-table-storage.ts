import { randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { InvalidParameterError } from '@llmops/contract';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoredFileInfo, TableStorage } from './table-storage';

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

export interface LocalTableStorageOptions {
  /**
   * Every file read or written must stay inside the table directory after symlinks, and the
   * directory itself must still be the one first resolved (a symlink swapped in for it, or for
   * `_delta_log/` or a partition folder, is refused before anything is read or written there).
   */
  confined?: boolean;
}

/**
 * Local filesystem storage. `putIfAbsent` writes a hidden temp file next to the target and then
 * `link()`s it into place: link fails with EEXIST when the target exists and publishes the complete
 * file in one step, so readers never see a half-written commit (unlike `open(..., 'wx')` + write).
 */
export class LocalTableStorage extends TableStorage {
  readonly uri: string;
  private realRoot: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly options: LocalTableStorageOptions = {},
  ) {
    super();
    this.root = path.resolve(root);
    this.uri = pathToFileURL(this.root).href;
  }

  private resolve(relative: string): string {
    const full = path.resolve(this.root, ...relative.split('/'));
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new InvalidParameterError(`path ${relative} escapes the table root`);
    }
    return full;
  }

  /** Confined storage: `dir` (existing) must resolve inside the table's real directory. */
  private async checkConfined(dir: string): Promise<void> {
    if (!this.options.confined) return;
    this.realRoot ??= fs.realpath(this.root);
    const pinned = await this.realRoot;
    const [rootNow, real] = await Promise.all([fs.realpath(this.root), fs.realpath(dir)]);
    if (rootNow !== pinned || (real !== pinned && !real.startsWith(pinned + path.sep))) {
      throw new InvalidParameterError(`a symbolic link leads outside the table ${this.uri}`);
    }
  }

  /** The deepest existing directory of a path (reads check where they would look). */
  private async existingDir(full: string): Promise<string> {
    let dir = path.dirname(full);
    while (dir !== this.root && !(await fs.stat(dir).catch(() => null))) dir = path.dirname(dir);
    return dir;
  }

  private tempPathFor(full: string): string {
    // Hidden (leading dot) so neither Delta readers nor our log listing ever mistake it for data.
    return path.join(path.dirname(full), `.${path.basename(full)}.${randomUUID()}.tmp`);
  }

  async read(relative: string): Promise<Uint8Array | null> {
    const full = this.resolve(relative);
    if (!this.options.confined) {
      try {
        return new Uint8Array(await fs.readFile(full));
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return null;
        throw error;
      }
    }
    await this.checkConfined(await this.existingDir(full));
    try {
      // O_NOFOLLOW: a log or data file that is a symbolic link is never followed.
      const handle = await fs.open(full, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
      try {
        return new Uint8Array(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      if (isErrno(error, 'ELOOP')) {
        throw new InvalidParameterError(`${relative} in the table ${this.uri} is a symbolic link`);
      }
      throw error;
    }
  }

  async putIfAbsent(relative: string, data: Uint8Array): Promise<boolean> {
    const full = this.resolve(relative);
    // Checked before mkdir too: not even an empty folder is made through a link out.
    if (this.options.confined) await this.checkConfined(await this.existingDir(full));
    await fs.mkdir(path.dirname(full), { recursive: true });
    await this.checkConfined(path.dirname(full));
    const temp = this.tempPathFor(full);
    await fs.writeFile(temp, data, { flag: 'wx' });
    try {
      await fs.link(temp, full);
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async write(relative: string, data: Uint8Array): Promise<void> {
    const full = this.resolve(relative);
    // Checked before mkdir too: not even an empty folder is made through a link out.
    if (this.options.confined) await this.checkConfined(await this.existingDir(full));
    await fs.mkdir(path.dirname(full), { recursive: true });
    await this.checkConfined(path.dirname(full));
    const temp = this.tempPathFor(full);
    try {
      await fs.writeFile(temp, data, { flag: 'wx' });
      await fs.rename(temp, full);
    } catch (error) {
      // Only a failed write leaves the temporary file: after the rename there is nothing to remove
      // (removing it anyway cost a failing lstat and unlink per data file a worker wrote).
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      const full = this.resolve(dir);
      if (this.options.confined && (await fs.stat(full).catch(() => null))) await this.checkConfined(full);
      const entries = await fs.readdir(full, { withFileTypes: true });
      return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
  }

  async stat(relative: string): Promise<StoredFileInfo | null> {
    const full = this.resolve(relative);
    if (this.options.confined) await this.checkConfined(await this.existingDir(full));
    try {
      const s = this.options.confined ? await fs.lstat(full) : await fs.stat(full);
      if (this.options.confined && !s.isFile()) return null;
      return { size: s.size, modificationTime: Math.floor(s.mtimeMs) };
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async delete(relative: string): Promise<void> {
    await fs.rm(this.resolve(relative), { force: true });
  }
}
