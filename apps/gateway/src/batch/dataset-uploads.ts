import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, OnModuleInit, PayloadTooLargeException } from '@nestjs/common';
import {
  BatchDatasetView,
  DATASET_CONTENT_TYPES,
  DatasetFormat,
  InvalidParameterError,
  SUBJECTS,
} from '@llmops/contract';
import { checkedName } from '@llmops/data-locations';
import { ServiceClient } from '../services/service-client';

export const DATASET_UPLOAD_OPTIONS = Symbol('DATASET_UPLOAD_OPTIONS');

export interface DatasetUploadOptions {
  /** LLMOPS_DATA_DIR: uploads are staged in `<dir>/datasets/.uploads`. */
  dataDir: string;
  limitBytes: number;
}

/** Reading the upload, checking and publishing it can take a while for a large file. */
const PUBLISH_TIMEOUT_MS = 120_000;
/** Staged files older than this are leftovers of a crash (a live upload is a request in flight). */
const STALE_STAGED_MS = 24 * 3600_000;

export interface DatasetUploadRequest {
  name: string;
  contentType: string | undefined;
  declaredLength: number | undefined;
  body: Readable;
}

/**
 * A dataset upload: streamed to a staging file on the dataset root's volume (never buffered,
 * never past the size limit), then handed to the batch orchestrator, which checks the content
 * against its format, records it under its canonical name and publishes it. The staged file is
 * removed whatever happens.
 */
@Injectable()
export class DatasetUploads implements OnModuleInit {
  private readonly logger = new Logger('DatasetUploads');

  constructor(
    private readonly services: ServiceClient,
    @Inject(DATASET_UPLOAD_OPTIONS) private readonly options: DatasetUploadOptions,
  ) {}

  private get staging(): string {
    return join(resolve(this.options.dataDir), 'datasets', '.uploads');
  }

  async onModuleInit(): Promise<void> {
    const entries = await readdir(this.staging).catch(() => [] as string[]);
    for (const entry of entries.filter((e) => /^[0-9a-f]{32}\.part$/.test(e))) {
      const info = await stat(join(this.staging, entry)).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_STAGED_MS) await rm(join(this.staging, entry), { force: true });
    }
  }

  async upload(request: DatasetUploadRequest): Promise<{ dataset: BatchDatasetView; created: boolean }> {
    // Uploads take names relative to the dataset root only (no absolute server paths, no URIs).
    const name = checkedName('dataset', request.name);
    const format = formatOf(request.contentType);
    const limit = this.options.limitBytes;
    if (request.declaredLength !== undefined && request.declaredLength > limit) throw tooLarge(limit);
    await mkdir(this.staging, { recursive: true, mode: 0o700 });
    if (!(await lstat(this.staging)).isDirectory()) throw new Error(`${this.staging} must be a directory`);
    const id = randomBytes(16).toString('hex');
    const staged = join(this.staging, `${id}.part`);
    try {
      await pipeline(request.body, byteLimit(limit), createWriteStream(staged, { flags: 'wx', mode: 0o600 }));
      return await this.services.call<{ dataset: BatchDatasetView; created: boolean }>(
        SUBJECTS.batch.datasets.create,
        { name, upload: id, ...(format ? { format } : {}) },
        PUBLISH_TIMEOUT_MS,
      );
    } finally {
      await rm(staged, { force: true }).catch((e: Error) => this.logger.warn(`removing ${staged}: ${e.message}`));
    }
  }
}

/** The format a content type says; null (`application/octet-stream`): the name's extension decides. */
function formatOf(contentType: string | undefined): DatasetFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!(type in DATASET_CONTENT_TYPES)) {
    throw new InvalidParameterError(
      `Content-Type ${JSON.stringify(type.slice(0, 100))} is not a dataset type; use one of ${Object.keys(DATASET_CONTENT_TYPES).join(', ')}`,
    );
  }
  return DATASET_CONTENT_TYPES[type];
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`Dataset is larger than the limit of ${limit} bytes`);
}

/** Counts the bytes going through and fails the stream (so the staged file is dropped) past the limit. */
function byteLimit(limit: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
}
