import { createReadStream, createWriteStream } from 'node:fs';
import { cp, lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { safeArtifactPath } from '../artifact-path';
import { ArtifactContent, ArtifactFileInfo, ArtifactRepository } from '../artifact-repository';
import { fileUriToPath } from '../artifact-uri';

/** Artifacts on the local filesystem (`file:///abs/dir`), as MLflow's LocalArtifactRepository. */
export class LocalArtifactRepository extends ArtifactRepository {
  readonly rootDir: string;

  constructor(rootUri: string) {
    super(rootUri);
    this.rootDir = resolve(fileUriToPath(rootUri));
  }

  async writeFile(path: string, content: ArtifactContent): Promise<void> {
    const target = await this.target(path);
    if (target === this.rootDir) throw new InvalidParameterError('Cannot write a file at the artifact root itself');
    if ((await stat(target).catch(() => undefined))?.isDirectory()) {
      throw new InvalidParameterError(`Artifact '${safeArtifactPath(path)}' is a directory; cannot write a file there`);
    }
    await mkdir(dirname(target), { recursive: true }).catch((error) => {
      throw pathConflict(path, error);
    });
    await this.assertInsideRoot(dirname(target));
    // Write next to the target, then rename: readers never see half a file.
    const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      const source = content instanceof Readable ? content : Readable.from([Buffer.from(content)]);
      await pipeline(source, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async writeDirectory(localDir: string, path = ''): Promise<void> {
    const target = await this.target(path);
    const info = await stat(localDir).catch(() => undefined);
    if (!info?.isDirectory()) throw new InvalidParameterError(`Not a directory: ${localDir}`);
    await mkdir(target, { recursive: true }).catch((error) => {
      throw pathConflict(path, error);
    });
    await this.assertInsideRoot(target);
    await cp(localDir, target, { recursive: true, force: true, dereference: true });
  }

  async readFile(path: string): Promise<Readable> {
    const target = await this.target(path);
    const info = await stat(target).catch(() => undefined);
    if (!info?.isFile())
      throw new ResourceNotFoundError(`Artifact '${safeArtifactPath(path)}' not found in ${this.rootUri}`);
    await this.assertInsideRoot(target);
    return createReadStream(target);
  }

  async list(path = ''): Promise<ArtifactFileInfo[]> {
    const safe = safeArtifactPath(path);
    const target = await this.target(safe);
    const info = await stat(target).catch(() => undefined);
    if (!info?.isDirectory()) return [];
    await this.assertInsideRoot(target);
    const entries = await readdir(target, { withFileTypes: true });
    const files: ArtifactFileInfo[] = [];
    for (const entry of entries) {
      if (/\.tmp-[0-9a-f]{12}$/.test(entry.name)) continue; // a write in progress
      const rel = safe === '' ? entry.name : `${safe}/${entry.name}`;
      const entryInfo = await stat(join(target, entry.name)).catch(() => undefined);
      if (!entryInfo) continue;
      files.push(
        entryInfo.isDirectory() ? { path: rel, is_dir: true } : { path: rel, is_dir: false, file_size: entryInfo.size },
      );
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async downloadDirectory(path: string, localDir: string): Promise<string> {
    const target = await this.target(path);
    const info = await stat(target).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new ResourceNotFoundError(`Artifact directory '${safeArtifactPath(path)}' not found in ${this.rootUri}`);
    }
    await this.assertInsideRoot(target);
    const dest = resolve(localDir);
    await mkdir(dest, { recursive: true });
    await cp(target, dest, { recursive: true, force: true, dereference: true });
    return dest;
  }

  async exists(path: string): Promise<boolean> {
    const target = await this.target(path);
    return (await lstat(target).catch(() => undefined)) !== undefined;
  }

  async delete(path: string): Promise<void> {
    const target = await this.target(path);
    const info = await lstat(target).catch(() => undefined);
    if (!info) return;
    if (info.isSymbolicLink()) {
      // The link itself lives in the root; what it points at is not ours to delete.
      await rm(target, { force: true });
      return;
    }
    await this.assertInsideRoot(target);
    if (target === this.rootDir) {
      for (const entry of await readdir(target)) await rm(join(target, entry), { recursive: true, force: true });
      return;
    }
    await rm(target, { recursive: true, force: true });
  }

  /** The absolute location of a relative path: the checked path, joined, checked again. */
  private async target(path: string): Promise<string> {
    const safe = safeArtifactPath(path);
    const absolute = safe === '' ? this.rootDir : resolve(this.rootDir, ...safe.split('/'));
    if (!isWithin(this.rootDir, absolute)) {
      throw new InvalidParameterError(`Artifact path ${JSON.stringify(path)} escapes the artifact root`);
    }
    return absolute;
  }

  /** Refuses a location that a symbolic link inside the root leads outside of it. */
  private async assertInsideRoot(absolute: string): Promise<void> {
    const realRoot = await realpath(this.rootDir).catch(() => this.rootDir);
    const real = await realpath(absolute).catch(() => undefined);
    if (real !== undefined && !isWithin(realRoot, real)) {
      throw new InvalidParameterError(
        `Artifact path '${relative(this.rootDir, absolute)}' leads outside the artifact root`,
      );
    }
  }
}

/** A file where a directory is needed (or the reverse) is the caller's mistake, not an internal error. */
function pathConflict(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
    return new InvalidParameterError(`Artifact path '${safeArtifactPath(path)}' conflicts with an existing file`);
  }
  return error as Error;
}

function isWithin(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}
