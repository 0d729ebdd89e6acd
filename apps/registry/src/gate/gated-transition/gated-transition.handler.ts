import { Injectable } from '@nestjs/common';
import {
  GateDecisionView,
  GateRejectedError,
  InvalidParameterError,
  normaliseStage,
  PromotionGatePolicy,
  ResourceNotFoundError,
} from '@llmops/contract';
import { ModelVersion } from '../../domain/registry.model';
import { Clock } from '../../ports/clock.port';
import { RegistryStore } from '../../ports/registry.store';
import { TransitionStageHandler } from '../../stages/transition-stage.handler';
import { decideGate, rejectionMessage } from '../domain/gate-decision';
import { IssuedGateDecisions } from '../domain/issued-gate-decisions';
import { EvaluationRuns } from '../ports/evaluation-runs.port';

export interface GatedTransitionCommand {
  name: string;
  version: number;
  stage: string;
  archiveExistingVersions?: boolean;
  reason?: string;
  gate?: PromotionGatePolicy;
  evaluationRunId?: string;
  overrideReason?: string;
  userId: string;
}

export interface GatedTransitionResult {
  version: ModelVersion;
  archived: number[];
  decision: GateDecisionView | null;
}

/**
 * A stage transition through the promotion gate. For Production the gate is decided first,
 * outside the model lock (it reads tracking), then the transition carries the decision into the
 * history; a refused gate changes nothing.
 */
@Injectable()
export class GatedTransitionHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly runs: EvaluationRuns,
    private readonly transition: TransitionStageHandler,
    private readonly issued: IssuedGateDecisions,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: GatedTransitionCommand): Promise<GatedTransitionResult> {
    if (cmd.overrideReason !== undefined && cmd.overrideReason.trim() === '') {
      throw new InvalidParameterError('override_reason must not be empty: an override needs a reason');
    }
    const base = {
      name: cmd.name,
      version: cmd.version,
      stage: cmd.stage,
      archiveExistingVersions: cmd.archiveExistingVersions,
      userId: cmd.userId,
    };
    // Invalid stages are the transition's to refuse; only Production is gated.
    if (normaliseStage(cmd.stage) !== 'Production') {
      const result = await this.transition.execute({ ...base, reason: cmd.reason ?? cmd.overrideReason });
      return { ...result, decision: null };
    }

    const decision = await this.decide(cmd);
    if (!decision.passed && !decision.overridden) {
      throw new GateRejectedError(rejectionMessage(decision), { details: { gate_decision: decision } });
    }
    const result = await this.transition.execute({
      ...base,
      reason: cmd.reason ?? cmd.overrideReason,
      evaluation: this.issued.issue(decision),
      override: decision.overridden,
    });
    return { ...result, decision };
  }

  private async decide(cmd: GatedTransitionCommand): Promise<GateDecisionView> {
    const versions = await this.store.listVersions(cmd.name);
    const target = versions.find((v) => v.version === cmd.version);
    if (!target) {
      if (!(await this.store.findModel(cmd.name)))
        throw new ResourceNotFoundError(`Registered model '${cmd.name}' not found`);
      throw new ResourceNotFoundError(`Model version '${cmd.name}' version ${cmd.version} not found`);
    }
    const candidate = cmd.evaluationRunId ? await this.runs.get(cmd.evaluationRunId) : null;
    // The champion is the version serving Production now (the latest, if several do).
    const championVersion = versions
      .filter((v) => v.stage === 'Production' && v.version !== cmd.version)
      .reduce<ModelVersion | null>((best, v) => (best === null || v.version > best.version ? v : best), null);
    const champion = championVersion
      ? {
          version: championVersion.version,
          evaluation: await this.runs.latestFor(cmd.name, championVersion.version, candidate?.datasetDigest ?? null),
        }
      : null;
    return decideGate({
      name: target.name,
      version: cmd.version,
      policy: cmd.gate ?? null,
      evaluationRunId: cmd.evaluationRunId ?? null,
      candidate,
      champion,
      overrideReason: cmd.overrideReason ?? null,
      now: this.clock.now(),
    });
  }
}
