import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoredFileInfo, TableStorage } from './table-storage';

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * Local filesystem storage. `putIfAbsent` writes a hidden temp file next to the target and then
 * `link()`s it into place: link fails with EEXIST when the target exists and publishes the complete
 * file in one step, so readers never see a half-written commit (unlike `open(..., 'wx')` + write).
 */
export class LocalTableStorage extends TableStorage {
  readonly uri: string;

  constructor(readonly root: string) {
    super();
    this.root = path.resolve(root);
    this.uri = pathToFileURL(this.root).href;
  }

  private resolve(relative: string): string {
    const full = path.resolve(this.root, ...relative.split('/'));
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new Error(`path ${relative} escapes the table root`);
    }
    return full;
  }

  private tempPathFor(full: string): string {
    // Hidden (leading dot) so neither Delta readers nor our log listing ever mistake it for data.
    return path.join(path.dirname(full), `.${path.basename(full)}.${randomUUID()}.tmp`);
  }

  async read(relative: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.resolve(relative)));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  }

  async putIfAbsent(relative: string, data: Uint8Array): Promise<boolean> {
    const full = this.resolve(relative);
    await fs.mkdir(path.dirname(full), { recursive: true });
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
    await fs.mkdir(path.dirname(full), { recursive: true });
    const temp = this.tempPathFor(full);
    try {
      await fs.writeFile(temp, data, { flag: 'wx' });
      await fs.rename(temp, full);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.resolve(dir), { withFileTypes: true });
      return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
  }

  async stat(relative: string): Promise<StoredFileInfo | null> {
    try {
      const s = await fs.stat(this.resolve(relative));
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
