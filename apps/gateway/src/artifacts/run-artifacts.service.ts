import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { ArtifactRepositoryFactory, safeArtifactPath } from '@llmops/artifacts';
import { SUBJECTS, type ResolveArtifactRootResponse } from '@llmops/contract';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ServiceClient } from '../services/service-client';
import { ArtifactAccess, requireFilePath, streamUpload } from './artifact-access';

/**
 * A run's artifacts by run id (the platform's `/api/v1/runs/{id}/artifacts`). Tracking says where
 * the run's artifacts are stored (over NATS); the bytes go straight to the store.
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
    const { access } = await this.open(runId);
    return { path, stream: await access.repository.readFile(path) };
  }

  /** Direct children of a directory of the run's artifacts ('' = the root). */
  async list(runId: string, rawPath: string) {
    const path = safeArtifactPath(rawPath);
    const { root, access } = await this.open(runId);
    return { root, files: await access.repository.list(path) };
  }

  async upload(runId: string, rawPath: string, body: Readable, declaredLength?: number) {
    const { access } = await this.open(runId);
    return streamUpload(access, rawPath, body, this.config.ARTIFACT_UPLOAD_LIMIT_BYTES, declaredLength);
  }

  private async open(runId: string): Promise<{ root: ResolveArtifactRootResponse; access: ArtifactAccess }> {
    const root = await this.services.call<ResolveArtifactRootResponse>(SUBJECTS.tracking.artifacts.resolveRoot, {
      run_id: runId,
    });
    return {
      root,
      access: {
        owner: `Run '${root.run_id}'`,
        lifecycleStage: root.lifecycle_stage,
        repository: this.repositories.forUri(root.storage_uri),
      },
    };
  }
}
