import { Injectable } from '@nestjs/common';
import {
  AUDIT_ACTIONS,
  InvalidParameterError,
  AliasDeletedEvent,
  AliasSetEvent,
  HistoryAction,
  ResourceNotFoundError,
  SUBJECTS,
  TransitionEvaluation,
} from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../access/registry-access';
import { NoRegistryPermissions } from '../access/registry-permissions.port';
import { validateAlias } from '../domain/alias-rules';
import { GateSettings } from '../gate/gate-policy/gate-policy.options';
import { ModelVersion } from '../domain/registry.model';
import { aliasUri } from '../model-uris';
import { Clock } from '../ports/clock.port';
import { RegistryEvents } from '../ports/registry-events.port';
import { RegistryStore } from '../ports/registry.store';

export interface SetAliasCommand {
  name: string;
  alias: string;
  version: number;
  reason?: string;
  evaluation?: TransitionEvaluation;
  userId: string;
  caller?: RegistryCaller;
}

export interface DeleteAliasCommand {
  name: string;
  alias: string;
  reason?: string;
  userId: string;
  caller?: RegistryCaller;
}

/** Aliases (`champion`, `challenger`, ...): one version per alias; every move is in the history. */
@Injectable()
export class AliasesHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly access: RegistryAccess = new RegistryAccess(new NoRegistryPermissions()),
    private readonly settings: GateSettings = new GateSettings(),
  ) {}

  /** Protected aliases (`champion`, `production`, ...) say what serves: only an approver moves them. */
  private guardProtected(alias: string, caller: RegistryCaller, what: string): boolean {
    if (!this.settings.isProtectedAlias(alias)) return false;
    this.access.requireRole(caller, 'approver', `${what} the protected alias '${alias}'`);
    return true;
  }

  async set(cmd: SetAliasCommand): Promise<{ previousVersion: number | null; name: string }> {
    const alias = validateAlias(cmd.alias);
    const isProtected = this.guardProtected(alias, cmd.caller, 'set');
    const result = await this.store.withModel(cmd.name, async (model) => {
      const versions = await model.versions();
      if (!versions.some((v) => v.version === cmd.version)) {
        throw new ResourceNotFoundError(`Model version '${cmd.name}' version ${cmd.version} not found`);
      }
      const previous = model.model.aliases.find((a) => a.alias === alias)?.version ?? null;
      const now = this.clock.now();
      await model.setAlias(alias, cmd.version);
      await model.updateModel({ updatedAt: now });
      await model.record([
        {
          version: cmd.version,
          action: HistoryAction.ALIAS_SET,
          fromStage: null,
          toStage: null,
          alias,
          previousVersion: previous,
          userId: cmd.userId,
          at: now,
          reason: cmd.reason ?? null,
          evaluationRunId: typeof cmd.evaluation?.run_id === 'string' ? cmd.evaluation.run_id : null,
          evaluation: cmd.evaluation ?? null,
          override: false,
        },
      ]);
      return { previousVersion: previous, at: now, name: model.model.name };
    });
    const event: AliasSetEvent = {
      name: result.name,
      alias,
      version: cmd.version,
      previousVersion: result.previousVersion,
      modelUris: [aliasUri(result.name, alias)],
      at: result.at,
      userId: cmd.userId,
    };
    await this.events.publish(SUBJECTS.registry.events.aliasSet, event);
    if (isProtected) {
      await this.access.audit(
        cmd.userId,
        AUDIT_ACTIONS.protectedAlias,
        `registered_model:${result.name}/${cmd.version}`,
        {
          alias,
          change: result.previousVersion === null ? 'set' : 'moved',
          previous_version: result.previousVersion,
        },
      );
    }
    return result;
  }

  async delete(cmd: DeleteAliasCommand): Promise<{ previousVersion: number; name: string }> {
    const alias = validateAlias(cmd.alias);
    const isProtected = this.guardProtected(alias, cmd.caller, 'delete');
    const result = await this.store.withModel(cmd.name, async (model) => {
      const previous = model.model.aliases.find((a) => a.alias === alias)?.version;
      if (previous === undefined) {
        throw new ResourceNotFoundError(`Registered model '${cmd.name}' has no alias '${alias}'`);
      }
      const now = this.clock.now();
      await model.deleteAlias(alias);
      await model.updateModel({ updatedAt: now });
      await model.record([
        {
          version: previous,
          action: HistoryAction.ALIAS_DELETED,
          fromStage: null,
          toStage: null,
          alias,
          previousVersion: previous,
          userId: cmd.userId,
          at: now,
          reason: cmd.reason ?? null,
          evaluationRunId: null,
          evaluation: null,
          override: false,
        },
      ]);
      return { previousVersion: previous, at: now, name: model.model.name };
    });
    const event: AliasDeletedEvent = {
      name: result.name,
      alias,
      previousVersion: result.previousVersion,
      modelUris: [aliasUri(result.name, alias)],
      at: result.at,
      userId: cmd.userId,
    };
    await this.events.publish(SUBJECTS.registry.events.aliasDeleted, event);
    if (isProtected) {
      await this.access.audit(
        cmd.userId,
        AUDIT_ACTIONS.protectedAlias,
        `registered_model:${result.name}/${result.previousVersion}`,
        { alias, change: 'deleted' },
      );
    }
    return result;
  }

  async get(name: string, aliasName: string): Promise<ModelVersion> {
    const alias = validateAlias(aliasName);
    const model = await this.store.findModel(name);
    if (!model) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
    // MLflow answers an unknown alias (e.g. after its delete) with INVALID_PARAMETER_VALUE.
    const held = model.aliases.find((a) => a.alias === alias);
    if (!held) throw new InvalidParameterError(`Registered model alias ${alias} not found.`);
    const version = await this.store.findVersion(name, held.version);
    if (!version) throw new InvalidParameterError(`Registered model alias ${alias} not found.`);
    return version;
  }
}
