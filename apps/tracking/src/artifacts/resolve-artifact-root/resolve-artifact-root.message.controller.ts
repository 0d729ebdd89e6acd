import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResolveArtifactRootRequest, ResolveArtifactRootResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../artifact-locations';
import { ResolveArtifactRootHandler } from './resolve-artifact-root.handler';

@Controller()
export class ResolveArtifactRootController {
  constructor(
    private readonly handler: ResolveArtifactRootHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.artifacts.resolveRoot)
  async resolve(@Payload() request: ResolveArtifactRootRequest): Promise<ResolveArtifactRootResponse> {
    const info = await this.handler.execute(request.run_id);
    return {
      run_id: info.runId,
      experiment_id: info.experimentId,
      artifact_uri: this.locations.presentRun(info),
      served_uri: this.locations.servedRunUri(info),
      storage_uri: this.locations.storageUri(info.artifactUri),
      lifecycle_stage: info.lifecycleStage,
    };
  }
}
