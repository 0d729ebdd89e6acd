import { Readable } from 'node:stream';

/** One entry of a directory listing, as MLflow lists artifacts (path relative to the repository root). */
export interface ArtifactFileInfo {
  path: string;
  is_dir: boolean;
  /** Bytes; files only. */
  file_size?: number;
}

export type ArtifactContent = Buffer | string | Uint8Array | Readable;

/**
 * The artifact store port: one repository per root URI (e.g. a run's `.../<run_id>/artifacts`).
 * Every relative path is checked by `safeArtifactPath`; a path escaping the root is refused with
 * INVALID_PARAMETER_VALUE. Implementations are chosen by URI scheme (`ArtifactRepositoryFactory`).
 */
export abstract class ArtifactRepository {
  constructor(readonly rootUri: string) {}

  /** Writes one file at `path` (parents created), replacing any previous file atomically. */
  abstract writeFile(path: string, content: ArtifactContent): Promise<void>;

  /** Copies a local directory's tree under `path` ('' = the root). */
  abstract writeDirectory(localDir: string, path?: string): Promise<void>;

  /** Streams a file; RESOURCE_DOES_NOT_EXIST when it is missing or a directory. */
  abstract readFile(path: string): Promise<Readable>;

  /** Direct children of a directory ('' = root), sorted by path; [] when it is missing or a file. */
  abstract list(path?: string): Promise<ArtifactFileInfo[]>;

  /** Copies the tree under `path` into a local directory; returns that directory. */
  abstract downloadDirectory(path: string, localDir: string): Promise<string>;

  abstract exists(path: string): Promise<boolean>;

  /**
   * Deletes a file or a directory tree ('' = everything in the repository); deleting what is not
   * there is not an error (MLflow's `delete_artifacts`).
   */
  abstract delete(path: string): Promise<void>;

  /** Reads a whole file into memory (small files: manifests, JSON). */
  async readBuffer(path: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.readFile(path)) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }
}
