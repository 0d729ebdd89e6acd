import { Injectable } from '@nestjs/common';
import {
  AUDIT_ACTIONS,
  HistoryAction,
  ResourceNotFoundError,
  StageChangedEvent,
  SUBJECTS,
  TransitionEvaluation,
} from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../access/registry-access';
import { NoRegistryPermissions } from '../access/registry-permissions.port';
import { ModelVersion } from '../domain/registry.model';
import { parseStage, planTransition, StageChange } from '../domain/stage-rules';
import { latestUri, stageUri } from '../model-uris';
import { Clock } from '../ports/clock.port';
import { PromotionPolicy } from '../ports/promotion-policy.port';
import { RegistryEvents } from '../ports/registry-events.port';
import { RegistryStore } from '../ports/registry.store';

export interface TransitionStageCommand {
  name: string;
  version: number;
  stage: string;
  archiveExistingVersions?: boolean;
  reason?: string;
  evaluation?: TransitionEvaluation;
  override?: boolean;
  userId: string;
  /** The authenticated caller (roles), when the request came through the gateway. */
  caller?: RegistryCaller;
}

export interface TransitionStageResult {
  version: ModelVersion;
  archived: number[];
}

@Injectable()
export class TransitionStageHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly policy: PromotionPolicy,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly access: RegistryAccess = new RegistryAccess(new NoRegistryPermissions()),
  ) {}

  async execute(cmd: TransitionStageCommand): Promise<TransitionStageResult> {
    const toStage = parseStage(cmd.stage);
    const archive = cmd.archiveExistingVersions ?? false;
    const reason = cmd.reason ?? null;
    const evaluation = cmd.evaluation ?? null;
    const override = cmd.override ?? false;

    // Under the model's row lock: two promotions of the same model are applied one after the other,
    // so the second sees (and archives) what the first promoted.
    const { changes, updated, at, name } = await this.store.withModel(cmd.name, async (model) => {
      const versions = await model.versions();
      const target = versions.find((v) => v.version === cmd.version);
      if (!target) throw new ResourceNotFoundError(`Model version '${cmd.name}' version ${cmd.version} not found`);
      const plan = planTransition(versions, cmd.version, toStage, archive);
      // Taking the serving version out of Production is as grave as putting one there: decided
      // here, on the stage under the lock (the gateway cannot know where the version is).
      if (target.stage === 'Production' && toStage !== 'Production') {
        this.access.requireRole(cmd.caller, 'approver', `move ${cmd.name} version ${cmd.version} out of Production`);
      }
      await this.policy.check({ version: target, toStage, reason, evaluation, override, userId: cmd.userId });
      const now = this.clock.now();
      for (const c of plan) await model.updateVersion(c.version, { stage: c.toStage, updatedAt: now });
      await model.updateModel({ updatedAt: now });
      await model.record(
        plan.map((c) => ({
          version: c.version,
          action: HistoryAction.STAGE_TRANSITION,
          fromStage: c.fromStage,
          toStage: c.toStage,
          alias: null,
          previousVersion: null,
          userId: cmd.userId,
          at: now,
          reason: c.archivedBy === null ? reason : `Archived: version ${c.archivedBy} moved to ${toStage}`,
          evaluationRunId: c.archivedBy === null ? evaluationRunIdOf(evaluation) : null,
          evaluation: c.archivedBy === null ? evaluation : null,
          override: c.archivedBy === null ? override : false,
        })),
      );
      return { changes: plan, updated: await model.versions(), at: now, name: model.model.name };
    });

    for (const c of changes)
      await this.events.publish(SUBJECTS.registry.events.stageChanged, stageEvent(name, c, reason, at, cmd.userId));
    for (const c of changes.filter((c) => c.fromStage === 'Production' && c.archivedBy === null)) {
      await this.access.audit(cmd.userId, AUDIT_ACTIONS.leaveProduction, `registered_model:${name}/${c.version}`, {
        from_stage: c.fromStage,
        to_stage: c.toStage,
        ...(reason ? { reason } : {}),
      });
    }
    return {
      version: updated.find((v) => v.version === cmd.version) as ModelVersion,
      archived: changes.filter((c) => c.archivedBy !== null).map((c) => c.version),
    };
  }
}

function evaluationRunIdOf(evaluation: TransitionEvaluation | null): string | null {
  return typeof evaluation?.run_id === 'string' ? evaluation.run_id : null;
}

function stageEvent(
  name: string,
  c: StageChange,
  reason: string | null,
  at: number,
  userId: string,
): StageChangedEvent {
  const uris = new Set([stageUri(name, c.fromStage), stageUri(name, c.toStage), latestUri(name)]);
  return {
    name,
    version: c.version,
    fromStage: c.fromStage,
    toStage: c.toStage,
    reason,
    archivedBy: c.archivedBy,
    modelUris: [...uris],
    at,
    userId,
  };
}
