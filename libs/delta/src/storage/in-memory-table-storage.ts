import { StoredFileInfo, TableStorage } from './table-storage';

/**
 * A TableStorage in memory, for unit tests of code that writes tables (no filesystem). Its
 * `beforePutIfAbsent` hook lets a test act as a concurrent writer at the exact moment a commit
 * is attempted.
 */
export class InMemoryTableStorage extends TableStorage {
  readonly files = new Map<string, { data: Uint8Array; modificationTime: number }>();
  beforePutIfAbsent?: (path: string) => Promise<void> | void;

  constructor(readonly uri = 'memory://table') {
    super();
  }

  async read(path: string): Promise<Uint8Array | null> {
    return this.files.get(path)?.data.slice() ?? null;
  }

  async putIfAbsent(path: string, data: Uint8Array): Promise<boolean> {
    const hook = this.beforePutIfAbsent;
    if (hook) await hook(path);
    if (this.files.has(path)) return false;
    this.files.set(path, { data: data.slice(), modificationTime: Date.now() });
    return true;
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, { data: data.slice(), modificationTime: Date.now() });
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()]
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => p.slice(prefix.length))
      .filter((name) => !name.startsWith('.'));
  }

  async stat(path: string): Promise<StoredFileInfo | null> {
    const file = this.files.get(path);
    return file ? { size: file.data.byteLength, modificationTime: file.modificationTime } : null;
  }

  async delete(path: string): Promise<void> {
    this.files.delete(path);
  }
}
