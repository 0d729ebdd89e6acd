import { PayloadTooLargeException } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ArtifactRepository, byteLimit, chained, safeArtifactPath } from '@llmops/artifacts';
import { InvalidStateError, LifecycleStage } from '@llmops/contract';

/**
 * One owner's artifacts (a run, a logged model...) opened for the gateway: the repository of its
 * storage root and what to say about it. Bytes stream between HTTP and the repository; they never
 * travel over NATS.
 */
export interface ArtifactAccess {
  /** e.g. "Run 'abc'", for messages. */
  owner: string;
  lifecycleStage: string;
  repository: ArtifactRepository;
}

export function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`Artifact is larger than the limit of ${limit} bytes`);
}

/** The checked relative path of a file (the root itself is a directory, never a file). */
export function requireFilePath(rawPath: string): string {
  const path = safeArtifactPath(rawPath);
  if (path === '') throw new InvalidStateError('An artifact path names a file; the root is a directory');
  return path;
}

/** Writes are refused on a deleted owner (restore it first), as MLflow refuses logging to a deleted run. */
export function assertWritable(access: ArtifactAccess): void {
  if (access.lifecycleStage === LifecycleStage.DELETED) {
    throw new InvalidStateError(`${access.owner} is deleted; restore it before logging artifacts`);
  }
}

/** Streams a request body into `path`, refused past `limit` bytes (declared or counted). */
export async function streamUpload(
  access: ArtifactAccess,
  rawPath: string,
  body: Readable,
  limit: number,
  declaredLength?: number,
): Promise<{ path: string; file_size: number }> {
  const path = requireFilePath(rawPath);
  if (declaredLength !== undefined && declaredLength > limit) throw tooLarge(limit);
  assertWritable(access);
  const counter = byteLimit(limit, () => tooLarge(limit));
  await access.repository.writeFile(path, chained(body, counter.stream));
  return { path, file_size: counter.bytes() };
}
