import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { InvalidParameterError, PermissionDeniedError, ResourceNotFoundError } from '@llmops/contract';
import { safeArtifactPath } from '../artifact-path';
import { ArtifactRepository } from '../artifact-repository';
import { byteLimit, chained } from '../byte-limit';

/** S3's bound, which MLflow's client also respects when it splits a file. */
export const MAX_MULTIPART_PARTS = 10_000;

export interface MultipartUploadsOptions {
  /** Most bytes one upload may hold in all its parts (the same limit as a single upload). */
  limitBytes: number;
  /** How long an upload accepts parts and completion after it was created. */
  ttlMs: number;
  /** The error for a part past the limit (the gateway's is HTTP 413). */
  tooLarge: (limit: number) => Error;
  now?: () => number;
}

/** What creating an upload hands back: the id (names it in complete/abort) and the parts' secret. */
export interface CreatedMultipartUpload {
  uploadId: string;
  /** Authorises part uploads of this upload only; sent by the client as a header, never logged. */
  partToken: string;
  numParts: number;
  expiresAt: number;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}

interface UploadManifest {
  path: string;
  num_parts: number;
  token_sha256: string;
  created_at: number;
  expires_at: number;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const MANIFEST = 'upload.json';

/**
 * MLflow's multipart upload through the artifact proxy, over any artifact store. Parts are staged in
 * a second repository (`stagingUriFor(root)`: beside the owner's artifacts, inside the store, never
 * listed with them) and, on completion, streamed in order into the target file, which appears
 * whole or not at all. The gateway stays stateless: an upload is its staging directory (a
 * manifest with the target path, the part count, the hash of the part token and an expiry).
 */
export class MultipartUploads {
  private readonly now: () => number;

  constructor(private readonly options: MultipartUploadsOptions) {
    this.now = options.now ?? Date.now;
  }

  async create(staging: ArtifactRepository, rawPath: string, numParts: number): Promise<CreatedMultipartUpload> {
    const path = safeArtifactPath(rawPath);
    if (path === '') throw new InvalidParameterError('A multipart upload needs a file path');
    if (!Number.isInteger(numParts) || numParts < 1 || numParts > MAX_MULTIPART_PARTS) {
      throw new InvalidParameterError(`num_parts must be an integer from 1 to ${MAX_MULTIPART_PARTS}, got ${numParts}`);
    }
    await this.sweepExpired(staging);
    const uploadId = randomBytes(16).toString('hex');
    const partToken = randomBytes(32).toString('base64url');
    const now = this.now();
    const manifest: UploadManifest = {
      path,
      num_parts: numParts,
      token_sha256: sha256(partToken),
      created_at: now,
      expires_at: now + this.options.ttlMs,
    };
    await staging.writeFile(`${uploadId}/${MANIFEST}`, JSON.stringify(manifest));
    return { uploadId, partToken, numParts, expiresAt: manifest.expires_at };
  }

  /** Stores one part (replacing an earlier try of the same part); the answer's etag goes into complete. */
  async writePart(
    staging: ArtifactRepository,
    uploadId: string,
    partNumber: number,
    partToken: string | undefined,
    body: Readable,
  ): Promise<UploadedPart> {
    const manifest = await this.manifestOf(staging, uploadId);
    if (partToken === undefined || !sameSecret(sha256(partToken), manifest.token_sha256)) {
      throw new PermissionDeniedError(`Wrong or missing part token for multipart upload ${uploadId}`);
    }
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > manifest.num_parts) {
      throw new InvalidParameterError(`part_number must be an integer from 1 to ${manifest.num_parts}`);
    }
    const others = (await this.partsOf(staging, uploadId)).filter((p) => p.partNumber !== partNumber);
    const room = this.options.limitBytes - others.reduce((sum, p) => sum + p.size, 0);
    const limit = byteLimit(Math.max(0, room), () => this.options.tooLarge(this.options.limitBytes));
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    await staging.writeFile(`${uploadId}/${partFile(partNumber)}`, chained(body, limit.stream, hashing));
    const part: UploadedPart = { partNumber, etag: `"${hash.digest('hex').slice(0, 32)}"`, size: limit.bytes() };
    await staging.writeFile(`${uploadId}/${partFile(partNumber)}.json`, JSON.stringify(part));
    return part;
  }

  /**
   * Joins the parts, in order, into `path` of `target`. Every part 1..num_parts must be there with
   * the etag its upload answered; the path must be the one the upload was created for.
   */
  async complete(
    staging: ArtifactRepository,
    target: ArtifactRepository,
    rawPath: string,
    uploadId: string,
    parts: Array<{ part_number: unknown; etag?: unknown }>,
  ): Promise<{ size: number }> {
    const manifest = await this.manifestOf(staging, uploadId);
    const path = safeArtifactPath(rawPath);
    if (path !== manifest.path) {
      throw new InvalidParameterError(`Multipart upload ${uploadId} is for '${manifest.path}', not '${path}'`);
    }
    const stored = new Map((await this.partsOf(staging, uploadId)).map((p) => [p.partNumber, p]));
    const numbers = parts.map((p) => Number(p.part_number));
    const expected = Array.from({ length: manifest.num_parts }, (_, i) => i + 1);
    const sorted = [...numbers].sort((a, b) => a - b);
    if (sorted.length !== expected.length || sorted.some((n, i) => n !== expected[i])) {
      throw new InvalidParameterError(
        `Multipart upload ${uploadId} has ${manifest.num_parts} parts; complete must list each of 1..${manifest.num_parts} once`,
      );
    }
    for (const part of parts) {
      const have = stored.get(Number(part.part_number));
      if (!have)
        throw new InvalidParameterError(`Part ${String(part.part_number)} of upload ${uploadId} was never uploaded`);
      if (part.etag !== undefined && part.etag !== null && part.etag !== '' && String(part.etag) !== have.etag) {
        throw new InvalidParameterError(
          `Part ${have.partNumber} of upload ${uploadId}: etag ${String(part.etag)} does not match`,
        );
      }
    }
    const size = [...stored.values()].reduce((sum, p) => sum + p.size, 0);
    if (size > this.options.limitBytes) throw this.options.tooLarge(this.options.limitBytes);
    const joined = Readable.from(
      (async function* () {
        for (const n of expected) yield* await staging.readFile(`${uploadId}/${partFile(n)}`);
      })(),
    );
    await target.writeFile(path, joined);
    await staging.delete(uploadId);
    return { size };
  }

  async abort(staging: ArtifactRepository, rawPath: string, uploadId: string): Promise<void> {
    const manifest = await this.manifestOf(staging, uploadId, { allowExpired: true });
    const path = safeArtifactPath(rawPath);
    if (path !== manifest.path) {
      throw new InvalidParameterError(`Multipart upload ${uploadId} is for '${manifest.path}', not '${path}'`);
    }
    await staging.delete(uploadId);
  }

  private async manifestOf(
    staging: ArtifactRepository,
    uploadId: string,
    options: { allowExpired?: boolean } = {},
  ): Promise<UploadManifest> {
    if (typeof uploadId !== 'string' || !UPLOAD_ID.test(uploadId)) {
      throw new InvalidParameterError(`Invalid upload_id ${JSON.stringify(String(uploadId).slice(0, 80))}`);
    }
    let manifest: UploadManifest;
    try {
      manifest = JSON.parse((await staging.readBuffer(`${uploadId}/${MANIFEST}`)).toString('utf8')) as UploadManifest;
    } catch (error) {
      if (error instanceof ResourceNotFoundError) {
        throw new ResourceNotFoundError(
          `Multipart upload ${uploadId} does not exist (completed, aborted or never created)`,
        );
      }
      throw error;
    }
    if (!options.allowExpired && manifest.expires_at < this.now()) {
      await staging.delete(uploadId);
      throw new ResourceNotFoundError(`Multipart upload ${uploadId} has expired`);
    }
    return manifest;
  }

  private async partsOf(staging: ArtifactRepository, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    for (const entry of await staging.list(uploadId)) {
      if (!/\/part-\d{5}\.json$/.test(entry.path)) continue;
      parts.push(JSON.parse((await staging.readBuffer(entry.path)).toString('utf8')) as UploadedPart);
    }
    return parts;
  }

  /** Uploads nobody completed or aborted go when their owner starts another one. */
  private async sweepExpired(staging: ArtifactRepository): Promise<void> {
    for (const entry of await staging.list('')) {
      if (!entry.is_dir || !UPLOAD_ID.test(entry.path)) continue;
      const manifest = await staging
        .readBuffer(`${entry.path}/${MANIFEST}`)
        .then((b) => JSON.parse(b.toString('utf8')) as UploadManifest)
        .catch(() => undefined);
      if (!manifest || manifest.expires_at < this.now()) await staging.delete(entry.path);
    }
  }
}

/** Where the parts of uploads into `rootUri` are staged: beside it, so never listed as its artifacts. */
export function stagingUriFor(rootUri: string): string {
  return `${rootUri.replace(/\/+$/, '')}.uploads`;
}

function partFile(n: number): string {
  return `part-${String(n).padStart(5, '0')}`;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
