import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetLatestVersionsRequest,
  ModelVersionsResponse,
  SUBJECTS,
  TransitionModelVersionStageRequest,
  TransitionModelVersionStageResponse,
} from '@llmops/contract';
import { callerOf } from '../caller-of';
import { modelVersionView } from '../views/registry.views';
import { GetLatestVersionsHandler } from './get-latest-versions.handler';
import { TransitionStageHandler } from './transition-stage.handler';

@Controller()
export class StagesController {
  constructor(
    private readonly transition: TransitionStageHandler,
    private readonly latest: GetLatestVersionsHandler,
  ) {}

  @MessagePattern(SUBJECTS.registry.versions.transitionStage)
  async transitionStage(
    @Payload() req: TransitionModelVersionStageRequest,
    @Ctx() ctx: unknown,
  ): Promise<TransitionModelVersionStageResponse> {
    const result = await this.transition.execute({
      name: req.name,
      version: Number(req.version),
      stage: req.stage,
      archiveExistingVersions: req.archive_existing_versions,
      reason: req.reason,
      evaluation: req.evaluation,
      override: req.override,
      userId: callerOf(ctx),
    });
    return { model_version: modelVersionView(result.version), archived_versions: result.archived.map(String) };
  }

  @MessagePattern(SUBJECTS.registry.models.getLatestVersions)
  async getLatestVersions(@Payload() req: GetLatestVersionsRequest): Promise<ModelVersionsResponse> {
    const versions = await this.latest.execute(req.name, req.stages);
    return { model_versions: versions.map(modelVersionView) };
  }
}
