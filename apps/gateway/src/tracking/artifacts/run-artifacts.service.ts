import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { Readable, Transform } from 'node:stream';
import { ArtifactRepository, ArtifactRepositoryFactory, safeArtifactPath } from '@llmops/artifacts';
import { InvalidStateError, LifecycleStage, SUBJECTS, type ResolveArtifactRootResponse } from '@llmops/contract';
import { GatewayConfig } from '../../gateway.config';
import { GATEWAY_CONFIG } from '../../gateway.tokens';
import { ServiceClient } from '../../services/service-client';

/**
 * Streams a run's artifacts between HTTP and the artifact store. Tracking says where the run's
 * artifacts live (over NATS); the bytes go straight to the store, never through a message.
 */
@Injectable()
export class RunArtifactsService {
  constructor(
    private readonly services: ServiceClient,
    private readonly repositories: ArtifactRepositoryFactory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async download(runId: string, rawPath: string): Promise<{ path: string; stream: Readable }> {
    const path = requireFilePath(rawPath);
    const { repository } = await this.repositoryOf(runId);
    return { path, stream: await repository.readFile(path) };
  }

  /** Direct children of a directory of the run's artifacts ('' = the root). */
  async list(runId: string, rawPath: string) {
    const path = safeArtifactPath(rawPath);
    const { root, repository } = await this.repositoryOf(runId);
    return { root, files: await repository.list(path) };
  }

  async upload(runId: string, rawPath: string, body: Readable, declaredLength?: number) {
    const path = requireFilePath(rawPath);
    const limit = this.config.ARTIFACT_UPLOAD_LIMIT_BYTES;
    if (declaredLength !== undefined && declaredLength > limit) throw tooLarge(limit);
    const { root, repository } = await this.repositoryOf(runId);
    if (root.lifecycle_stage === LifecycleStage.DELETED) {
      throw new InvalidStateError(`Run '${runId}' is deleted; restore it before logging artifacts`);
    }
    const counter = byteLimit(limit);
    await repository.writeFile(path, body.pipe(counter.stream));
    return { path, file_size: counter.bytes() };
  }

  /** Where tracking keeps the run's artifacts (RESOURCE_DOES_NOT_EXIST for an unknown run). */
  async rootOf(runId: string): Promise<ResolveArtifactRootResponse> {
    return (await this.repositoryOf(runId)).root;
  }

  private async repositoryOf(
    runId: string,
  ): Promise<{ root: ResolveArtifactRootResponse; repository: ArtifactRepository }> {
    const root = await this.services.call<ResolveArtifactRootResponse>(SUBJECTS.tracking.artifacts.resolveRoot, {
      run_id: runId,
    });
    return { root, repository: this.repositories.forUri(root.artifact_uri) };
  }
}

/** The checked relative path of a file (the root itself is a directory, never a file). */
function requireFilePath(rawPath: string): string {
  const path = safeArtifactPath(rawPath);
  if (path === '') throw new InvalidStateError('An artifact path names a file; the run root is a directory');
  return path;
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`Artifact is larger than the limit of ${limit} bytes`);
}

/** Counts the bytes going through and fails the stream (so the write is abandoned) past the limit. */
function byteLimit(limit: number) {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit) callback(tooLarge(limit));
      else callback(null, chunk);
    },
  });
  return { stream, bytes: () => total };
}
