import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { GatedTransitionRequest, GatedTransitionResponse, SUBJECTS } from '@llmops/contract';
import { callerIdentity, callerOf } from '../../caller-of';
import { modelVersionView } from '../../views/registry.views';
import { GatedTransitionHandler } from './gated-transition.handler';

@Controller()
export class GatedTransitionController {
  constructor(private readonly handler: GatedTransitionHandler) {}

  @MessagePattern(SUBJECTS.evaluation.gate.transition)
  async transition(@Payload() req: GatedTransitionRequest, @Ctx() ctx: unknown): Promise<GatedTransitionResponse> {
    const result = await this.handler.execute({
      name: req.name,
      version: Number(req.version),
      stage: req.stage,
      archiveExistingVersions: req.archive_existing_versions,
      reason: req.reason,
      gate: req.gate ? { ...req.gate } : undefined,
      evaluationRunId: req.evaluation_run_id,
      overrideReason: req.override_reason,
      dryRun: req.dry_run,
      userId: callerOf(ctx),
      caller: callerIdentity(ctx),
    });
    return {
      model_version: modelVersionView(result.version),
      gate_decision: result.decision,
      archived_versions: result.archived.map(String),
      dry_run: result.dryRun,
    };
  }
}
