import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import {
  ArtifactRepository,
  ArtifactRepositoryFactory,
  MultipartUploads,
  safeArtifactPath,
  servedArtifactUri,
  stagingUriFor,
} from '@llmops/artifacts';
import { SUBJECTS, type ResolveArtifactLocationResponse } from '@llmops/contract';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ServiceClient } from '../services/service-client';
import { ArtifactAccess, assertWritable, requireFilePath, streamUpload, tooLarge } from './artifact-access';

/** A served path resolved: whose artifacts, opened, and the path below the owner's root. */
export interface LocatedArtifacts extends ArtifactAccess {
  located: ResolveArtifactLocationResponse;
  /** The path below the owner's root ('' = the root). */
  path: string;
}

/** How long a multipart upload accepts parts (MLflow's client uploads them right away). */
const MULTIPART_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * MLflow's artifact proxy over the platform's store: a served path (`mlflow-artifacts:/<path>`,
 * `/api/2.0/mlflow-artifacts/artifacts/<path>`) is resolved by tracking to its owner (a run, a
 * logged model) and that owner's storage; reads and writes stay below the owner's root. Any feature
 * whose files are served this way (traces too) resolves through `locate`.
 */
@Injectable()
export class ServedArtifactsService {
  readonly multipart: MultipartUploads;

  constructor(
    private readonly services: ServiceClient,
    private readonly repositories: ArtifactRepositoryFactory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.multipart = new MultipartUploads({
      limitBytes: config.ARTIFACT_UPLOAD_LIMIT_BYTES,
      ttlMs: MULTIPART_TTL_MS,
      tooLarge,
    });
  }

  async locate(rawPath: string): Promise<LocatedArtifacts> {
    const served = servedArtifactUri(safeArtifactPath(rawPath));
    const located = await this.services.call<ResolveArtifactLocationResponse>(
      SUBJECTS.tracking.artifacts.resolveLocation,
      { uri: served },
    );
    const kind = { run: 'Run', logged_model: 'Logged model', trace: 'Trace' }[located.owner.kind];
    return {
      located,
      owner: `${kind} '${located.owner.id}'`,
      lifecycleStage: located.lifecycle_stage,
      repository: this.repositories.forUri(located.root_storage_uri),
      path: located.path,
    };
  }

  async download(rawPath: string): Promise<{ path: string; stream: Readable }> {
    const at = await this.locate(rawPath);
    const path = requireFilePath(at.path);
    return { path, stream: await at.repository.readFile(path) };
  }

  /** MLflow's proxy lists names relative to the listed directory. */
  async list(rawPath: string) {
    const at = await this.locate(rawPath);
    const files = await at.repository.list(at.path);
    return files.map((f) => ({ ...f, path: f.path.split('/').pop() ?? f.path }));
  }

  async upload(rawPath: string, body: Readable, declaredLength?: number) {
    const at = await this.locate(rawPath);
    return streamUpload(at, at.path, body, this.config.ARTIFACT_UPLOAD_LIMIT_BYTES, declaredLength);
  }

  async delete(rawPath: string): Promise<void> {
    const at = await this.locate(rawPath);
    await at.repository.delete(at.path);
  }

  /** Where the parts of uploads into this owner's artifacts are staged (in the store, beside them). */
  staging(at: LocatedArtifacts): ArtifactRepository {
    return this.repositories.forUri(stagingUriFor(at.located.root_storage_uri));
  }

  assertWritable(at: LocatedArtifacts): void {
    assertWritable(at);
  }
}
