import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResolveArtifactLocationRequest, ResolveArtifactLocationResponse, SUBJECTS } from '@llmops/contract';
import { ResolveLocationHandler, withPath } from './resolve-location.handler';

@Controller()
export class ResolveLocationController {
  constructor(private readonly handler: ResolveLocationHandler) {}

  @MessagePattern(SUBJECTS.tracking.artifacts.resolveLocation)
  async resolve(@Payload() request: ResolveArtifactLocationRequest): Promise<ResolveArtifactLocationResponse> {
    const r = await this.handler.execute(request.uri);
    return {
      owner: { kind: r.owner.kind, id: r.owner.id, experiment_id: r.owner.experimentId },
      lifecycle_stage: r.lifecycleStage,
      root_storage_uri: r.rootStorageUri,
      root_served_uri: r.rootServedUri,
      path: r.path,
      storage_uri: withPath(r.rootStorageUri, r.path),
      served_uri: withPath(r.rootServedUri, r.path),
    };
  }
}
