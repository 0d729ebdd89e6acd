import { constants } from 'node:fs';
import { link, lstat, mkdir, open, realpath, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { checkedName, DataKind, nameProblem, refuse } from './data-names';
import { DataLocation, DataLocations, OpenedDataset } from './data-locations';
import { DataRoot, DataRootsSettings, isWithin, loadDataRoots } from './data-roots';

const STAGING_DIR = '.uploads';
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/** Datasets and tables on the local filesystem, under the roots of `DataRootsSettings`. */
export class LocalDataLocations extends DataLocations {
  private constructor(private readonly roots: readonly DataRoot[]) {
    super();
  }

  /** Validates and creates the roots (throws `DataRootsConfigError` listing every problem). */
  static open(settings: DataRootsSettings): LocalDataLocations {
    return new LocalDataLocations(loadDataRoots(settings));
  }

  /** The roots, for logs and health (paths are the operator's, not a secret). */
  rootsOf(kind: DataKind): readonly DataRoot[] {
    return this.roots.filter((r) => r.kind === kind);
  }

  nameOf(kind: DataKind, value: string): string {
    if (typeof value !== 'string' || value === '') throw refuse(kind, String(value ?? ''), 'a name is required');
    if (/[\u0000-\u001f\u007f]/.test(value)) throw refuse(kind, value, 'control characters are not allowed');
    if (SCHEME.test(value)) {
      if (!/^file:\/\//i.test(value)) {
        throw refuse(kind, value, 'give a name under the data roots (or an absolute path or file:// URI under one)');
      }
      let path: string;
      try {
        path = fileURLToPath(value);
      } catch {
        throw refuse(kind, value, 'not a local file:// URI (file:///absolute/path)');
      }
      return this.nameOfAbsolute(kind, value, path);
    }
    if (value.startsWith('/')) return this.nameOfAbsolute(kind, value, value);
    const name = checkedName(kind, value);
    this.lexical(kind, name);
    return name;
  }

  async locate(kind: DataKind, name: string): Promise<DataLocation> {
    const { root, relative } = this.lexical(kind, checkedName(kind, name));
    const path = join(root.realPath, ...relative.split('/'));
    const real = await this.realOfDeepestExisting(path);
    if (!isWithin(root.realPath, real)) {
      throw refuse(kind, name, `a symbolic link leads outside the ${kind} root`);
    }
    return { kind, name, path, rootPath: root.realPath, mount: root.mount };
  }

  async openDataset(name: string): Promise<OpenedDataset> {
    const location = await this.locate('dataset', name);
    let handle;
    try {
      // O_NONBLOCK: opening a FIFO must not hang; the descriptor is checked to be a regular file.
      handle = await open(location.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      if (errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR') {
        throw new ResourceNotFoundError(`Dataset ${name} does not exist`);
      }
      if (errno(error) === 'EACCES' || errno(error) === 'EPERM') throw refuse('dataset', name, 'it is not readable');
      if (errno(error) === 'EISDIR') throw refuse('dataset', name, 'it is a directory, not a file');
      throw error;
    }
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw refuse('dataset', name, 'it is not a regular file');
      // After opening: the file at the real path must be under the root AND be the one we hold.
      const real = await realpath(location.path).catch(() => undefined);
      const current = real === undefined ? undefined : await stat(real).catch(() => undefined);
      if (real === undefined || !isWithin(location.rootPath, real)) {
        throw refuse('dataset', name, 'a symbolic link leads outside the dataset root');
      }
      if (!current || current.dev !== opened.dev || current.ino !== opened.ino) {
        throw refuse('dataset', name, 'it changed while it was being opened; try again');
      }
      const fh = handle;
      return { location, handle: fh, size: opened.size, mtimeMs: opened.mtimeMs, close: () => fh.close() };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  async ensureTableDirectory(name: string): Promise<string> {
    const location = await this.locate('table', name);
    try {
      await mkdir(location.path, { recursive: true });
    } catch (error) {
      if (errno(error) === 'EEXIST' || errno(error) === 'ENOTDIR') {
        throw refuse('table', name, 'a file is in the way of the table directory');
      }
      throw error;
    }
    const real = await realpath(location.path);
    if (!isWithin(location.rootPath, real)) throw refuse('table', name, 'a symbolic link leads outside the table root');
    if (!(await stat(real)).isDirectory()) throw refuse('table', name, 'it is not a directory');
    return real;
  }

  async stagingDirectory(): Promise<string> {
    const root = this.defaultRoot('dataset');
    const dir = join(root.realPath, STAGING_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await lstat(dir);
    if (!info.isDirectory()) throw new InvalidParameterError(`${dir} must be a directory (upload staging)`);
    return dir;
  }

  async publishStaged(stagedFile: string, name: string): Promise<{ published: boolean; location: DataLocation }> {
    try {
      const location = await this.locate('dataset', name);
      if (location.mount !== null) {
        throw refuse('dataset', name, `uploads go to the default dataset root, not to the mount '${location.mount}'`);
      }
      const staging = await this.stagingDirectory();
      if (dirname(stagedFile) !== staging) throw new InvalidParameterError('Not a staged upload');
      await mkdir(dirname(location.path), { recursive: true }).catch((error) => {
        if (errno(error) === 'EEXIST' || errno(error) === 'ENOTDIR') {
          throw refuse('dataset', name, 'a file is in the way of its directory');
        }
        throw error;
      });
      const parent = await realpath(dirname(location.path));
      if (!isWithin(location.rootPath, parent)) {
        throw refuse('dataset', name, 'a symbolic link leads outside the dataset root');
      }
      try {
        // link() never replaces an existing name and publishes the complete file in one step.
        await link(stagedFile, join(parent, location.path.split(sep).pop()!));
      } catch (error) {
        if (errno(error) === 'EEXIST') return { published: false, location };
        throw error;
      }
      return { published: true, location };
    } finally {
      await rm(stagedFile, { force: true });
    }
  }

  async removeDataset(name: string): Promise<void> {
    const location = await this.locate('dataset', name);
    const info = await lstat(location.path).catch(() => undefined);
    if (!info) return;
    if (!info.isFile()) throw refuse('dataset', name, 'it is not a regular file');
    await unlink(location.path);
  }

  /* ---------- internals ---------- */

  private defaultRoot(kind: DataKind): DataRoot {
    const root = this.roots.find((r) => r.kind === kind && r.mount === null);
    if (!root) throw new InvalidParameterError(`No default ${kind} root is configured`);
    return root;
  }

  /** The root a canonical name is under and the path relative to it (no disk access). */
  private lexical(kind: DataKind, name: string): { root: DataRoot; relative: string } {
    const [first, ...rest] = name.split('/');
    const mount = this.roots.find((r) => r.kind === kind && r.mount === first);
    if (mount) {
      if (rest.length === 0) throw refuse(kind, name, `'${first}' is a mount: name something inside it`);
      return { root: mount, relative: rest.join('/') };
    }
    return { root: this.defaultRoot(kind), relative: name };
  }

  /** An absolute path (as configured, or after symlinks) under a root, as a canonical name. */
  private nameOfAbsolute(kind: DataKind, value: string, path: string): string {
    if (path.includes('\\')) throw refuse(kind, value, 'backslashes are not allowed');
    for (const root of this.roots.filter((r) => r.kind === kind)) {
      for (const base of new Set([root.path, root.realPath])) {
        if (path === base || !isWithin(base, path)) continue;
        const relative = path.slice(base.length + 1);
        const problem = nameProblem(relative);
        if (problem) throw refuse(kind, value, problem);
        if (root.mount === null && this.roots.some((r) => r.kind === kind && r.mount === relative.split('/')[0])) {
          throw refuse(kind, value, `its first directory is hidden by the mount '${relative.split('/')[0]}'`);
        }
        return root.mount === null ? relative : `${root.mount}/${relative}`;
      }
    }
    throw refuse(kind, value, `it is not under a ${kind} root`);
  }

  /** The real path of the location, or of its deepest existing ancestor joined with the rest. */
  private async realOfDeepestExisting(path: string): Promise<string> {
    const missing: string[] = [];
    let probe = path;
    for (;;) {
      try {
        return join(await realpath(probe), ...missing.reverse());
      } catch (error) {
        const code = errno(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
        const parent = dirname(probe);
        if (parent === probe) throw error;
        missing.push(probe.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
        probe = parent;
      }
    }
  }
}
