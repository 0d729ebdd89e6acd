import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ResolveArtifactRootRequest, ResolveArtifactRootResponse, SUBJECTS } from '@llmops/contract';
import { ResolveArtifactRootHandler } from './resolve-artifact-root.handler';

@Controller()
export class ResolveArtifactRootController {
  constructor(private readonly handler: ResolveArtifactRootHandler) {}

  @MessagePattern(SUBJECTS.tracking.artifacts.resolveRoot)
  async resolve(@Payload() request: ResolveArtifactRootRequest): Promise<ResolveArtifactRootResponse> {
    const info = await this.handler.execute(request.run_id);
    return {
      run_id: info.runId,
      experiment_id: info.experimentId,
      artifact_uri: info.artifactUri,
      lifecycle_stage: info.lifecycleStage,
    };
  }
}
