import { Injectable } from '@nestjs/common';
import {
  GateDecisionView,
  GateRejectedError,
  InvalidParameterError,
  MODEL_STAGES,
  normaliseStage,
  PromotionGatePolicy,
  ResourceNotFoundError,
} from '@llmops/contract';
import { RegistryCaller } from '../../access/registry-access';
import { inSpan, platformMetrics } from '@llmops/observability';
import { ModelVersion } from '../../domain/registry.model';
import { Clock } from '../../ports/clock.port';
import { RegistryStore } from '../../ports/registry.store';
import { TransitionStageHandler } from '../../stages/transition-stage.handler';
import { decideGate, rejectionMessage } from '../domain/gate-decision';
import { effectivePolicy } from '../domain/gate-policy-config';
import { GatePolicyHandler } from '../gate-policy/gate-policy.handler';
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
  /** Decide, change nothing. */
  dryRun?: boolean;
  userId: string;
  caller?: RegistryCaller;
}

export interface GatedTransitionResult {
  version: ModelVersion;
  archived: number[];
  decision: GateDecisionView | null;
  dryRun: boolean;
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
    private readonly policies?: GatePolicyHandler,
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
      caller: cmd.caller,
    };
    const stage = normaliseStage(cmd.stage);
    if (cmd.dryRun) {
      if (!stage) throw new InvalidParameterError(`Invalid stage '${cmd.stage}': expected ${MODEL_STAGES.join(', ')}`);
      const versions = await this.versionsWithTarget(cmd);
      const target = versions.find((v) => v.version === cmd.version) as ModelVersion;
      const decision = stage === 'Production' ? await this.decide(cmd, versions) : null;
      return { version: target, archived: [], decision, dryRun: true };
    }
    // Invalid stages are the transition's to refuse; only Production is gated.
    if (stage !== 'Production') {
      const result = await this.transition.execute({ ...base, reason: cmd.reason ?? cmd.overrideReason });
      return { ...result, decision: null, dryRun: false };
    }

    // One promotion of a model at a time in this process: the next one decides against the
    // champion the previous one installed. (Replicas of the registry can still interleave.)
    return this.oneAtATime(cmd.name, async () => {
      const versions = await this.versionsWithTarget(cmd);
      const decision = await inSpan(
        'gate.decide',
        { 'llmops.model.name': cmd.name, 'llmops.model.version': String(cmd.version) },
        async (span) => {
          const decided = await this.decide(cmd, versions);
          const verdict = decided.passed ? 'passed' : decided.overridden ? 'overridden' : 'rejected';
          span.setAttributes({
            'llmops.gate.verdict': verdict,
            'llmops.gate.failed_checks': decided.checks.filter((c) => !c.passed).map((c) => c.check),
          });
          platformMetrics.gateDecisions().inc({ verdict });
          return decided;
        },
      );
      if (!decision.passed && !decision.overridden) {
        throw new GateRejectedError(rejectionMessage(decision), { details: { gate_decision: decision } });
      }
      const result = await this.transition.execute({
        ...base,
        reason: cmd.reason ?? cmd.overrideReason,
        evaluation: this.issued.issue(decision),
        override: decision.overridden,
      });
      return { ...result, decision, dryRun: false };
    });
  }

  private readonly promotions = new Map<string, Promise<unknown>>();

  private async oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.promotions.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.promotions.set(key, current);
    try {
      return await current;
    } finally {
      if (this.promotions.get(key) === current) this.promotions.delete(key);
    }
  }

  /** The model's versions; not found when the model or the version is unknown. */
  private async versionsWithTarget(cmd: GatedTransitionCommand): Promise<ModelVersion[]> {
    const versions = await this.store.listVersions(cmd.name);
    if (!versions.some((v) => v.version === cmd.version)) {
      if (!(await this.store.findModel(cmd.name))) {
        throw new ResourceNotFoundError(`Registered model '${cmd.name}' not found`);
      }
      throw new ResourceNotFoundError(`Model version '${cmd.name}' version ${cmd.version} not found`);
    }
    return versions;
  }

  private async decide(cmd: GatedTransitionCommand, versions: ModelVersion[]): Promise<GateDecisionView> {
    const target = versions.find((v) => v.version === cmd.version) as ModelVersion;
    // Without a named evaluation, the version's latest one the evaluation service recorded.
    const candidate = cmd.evaluationRunId
      ? await this.runs.get(cmd.evaluationRunId)
      : await this.runs.latestFor(cmd.name, cmd.version, null);
    const evaluationRunId = cmd.evaluationRunId ?? candidate?.runId ?? null;
    // The model's stored policy (or the configured default); a request's own can only tighten it.
    const stored = this.policies ? await this.policies.effective(cmd.name) : null;
    const policy = effectivePolicy(stored, cmd.gate ?? null);
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
      policy,
      evaluationRunId,
      candidate,
      champion,
      overrideReason: cmd.overrideReason ?? null,
      now: this.clock.now(),
    });
  }
}
