import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  GetLatestVersionsRequest,
  normaliseStage,
  ModelVersionsResponse,
  SUBJECTS,
  TransitionModelVersionStageRequest,
  TransitionModelVersionStageResponse,
} from '@llmops/contract';
import { callerIdentity, callerOf } from '../caller-of';
import { GatedTransitionHandler } from '../gate/gated-transition/gated-transition.handler';
import { modelVersionView } from '../views/registry.views';
import { GetLatestVersionsHandler } from './get-latest-versions.handler';
import { TransitionStageHandler } from './transition-stage.handler';

@Controller()
export class StagesController {
  constructor(
    private readonly transition: TransitionStageHandler,
    private readonly latest: GetLatestVersionsHandler,
    private readonly gated: GatedTransitionHandler,
  ) {}

  @MessagePattern(SUBJECTS.registry.versions.transitionStage)
  async transitionStage(
    @Payload() req: TransitionModelVersionStageRequest,
    @Ctx() ctx: unknown,
  ): Promise<TransitionModelVersionStageResponse> {
    // MLflow's transition to Production (any MLflow client) meets the gate the gated way: the
    // model's stored policy and the version's latest evaluation the evaluation service recorded.
    if (normaliseStage(req.stage) === 'Production' && !req.override && req.evaluation === undefined) {
      const gated = await this.gated.execute({
        name: req.name,
        version: Number(req.version),
        stage: req.stage,
        archiveExistingVersions: req.archive_existing_versions,
        reason: req.reason,
        userId: callerOf(ctx),
        caller: callerIdentity(ctx),
      });
      return { model_version: modelVersionView(gated.version), archived_versions: gated.archived.map(String) };
    }
    const result = await this.transition.execute({
      caller: callerIdentity(ctx),
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
