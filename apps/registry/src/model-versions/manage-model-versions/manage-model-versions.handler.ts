import { Injectable } from '@nestjs/common';
import {
  AUDIT_ACTIONS,
  HistoryAction,
  ModelVersionDeletedEvent,
  ResourceNotFoundError,
  SUBJECTS,
} from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../../access/registry-access';
import { NoRegistryPermissions } from '../../access/registry-permissions.port';
import { GateSettings } from '../../gate/gate-policy/gate-policy.options';
import { ModelVersion, NewHistoryEntry, Tag } from '../../domain/registry.model';
import { aliasUri, latestUri, stageUri, versionUri } from '../../model-uris';
import { Clock } from '../../ports/clock.port';
import { RegistryEvents } from '../../ports/registry-events.port';
import { LockedModel, RegistryStore } from '../../ports/registry.store';
import {
  decodePageToken,
  maxResultsOf,
  pageOf,
  parseFilter,
  parseOrderBy,
  promptScope,
  rowsToRead,
  VERSION_FILTER,
} from '../../search/search-filter';

export interface SearchVersionsQuery {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
  /** The models the caller may read (undefined: all); applied in the query, before paging. */
  visibleNames?: string[];
}

@Injectable()
export class ManageModelVersionsHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly access: RegistryAccess = new RegistryAccess(new NoRegistryPermissions()),
    private readonly settings: GateSettings = new GateSettings(),
  ) {}

  async get(name: string, version: number): Promise<ModelVersion> {
    const found = await this.store.findVersion(name, version);
    if (!found) throw notFound(name, version);
    return found;
  }

  async search(q: SearchVersionsQuery): Promise<{ versions: ModelVersion[]; nextPageToken?: string }> {
    const { conditions, excludePrompts } = promptScope(parseFilter(q.filter, VERSION_FILTER));
    const orderBy = parseOrderBy(
      q.orderBy,
      ['name', 'version', 'creation_timestamp', 'last_updated_timestamp'],
      [
        { column: 'name', direction: 'ASC' },
        { column: 'version', direction: 'DESC' },
      ],
    );
    const offset = decodePageToken(q.pageToken);
    const limit = maxResultsOf(q.maxResults);
    if (q.visibleNames?.length === 0) return { versions: [] };
    const rows = await this.store.searchVersions({
      conditions,
      excludePrompts,
      orderBy,
      offset,
      limit: rowsToRead(limit),
      visibleNames: q.visibleNames,
    });
    const page = pageOf(rows, offset, limit);
    return { versions: page.items, nextPageToken: page.nextPageToken };
  }

  async updateDescription(name: string, version: number, description: string): Promise<ModelVersion> {
    return this.changeVersion(name, version, async (model, now) => {
      await model.updateVersion(version, { description, updatedAt: now });
    });
  }

  async setTag(name: string, version: number, tag: Tag): Promise<void> {
    await this.changeVersion(name, version, async (model, now) => {
      await model.setVersionTag(version, tag);
      await model.updateVersion(version, { updatedAt: now });
    });
  }

  async deleteTag(name: string, version: number, key: string): Promise<void> {
    await this.changeVersion(name, version, async (model, now) => {
      if (!(await model.deleteVersionTag(version, key))) {
        throw new ResourceNotFoundError(`Model version '${name}' version ${version} has no tag '${key}'`);
      }
      await model.updateVersion(version, { updatedAt: now });
    });
  }

  /** Deleting a version ends its stage and its aliases; both are recorded so `history.at` stays true. */
  async delete(name: string, version: number, userId: string, caller?: RegistryCaller): Promise<void> {
    const { deleted, at, modelName } = await this.store.withModel(name, async (model) => {
      const target = (await model.versions()).find((v) => v.version === version);
      if (!target) throw notFound(name, version);
      // Deleting what serves (the Production version, or one a protected alias points at) takes
      // production down: an approver's call, decided on the version as it is under the lock.
      const serving = servingReasons(target, this.settings);
      if (serving.length > 0) {
        this.access.requireRole(caller, 'approver', `delete ${name} version ${version} (${serving.join(', ')})`);
      }
      const now = this.clock.now();
      const base = {
        previousVersion: null,
        userId,
        at: now,
        reason: null,
        evaluationRunId: null,
        evaluation: null,
        override: false,
      };
      const entries: NewHistoryEntry[] = [
        {
          ...base,
          version,
          action: HistoryAction.VERSION_DELETED,
          fromStage: target.stage,
          toStage: null,
          alias: null,
        },
        ...target.aliases.map((alias) => ({
          ...base,
          version,
          action: HistoryAction.ALIAS_DELETED,
          fromStage: null,
          toStage: null,
          alias,
          previousVersion: version,
        })),
      ];
      await model.removeVersion(version);
      await model.updateModel({ updatedAt: now });
      await model.record(entries);
      return { deleted: target, at: now, modelName: model.model.name };
    });
    const event: ModelVersionDeletedEvent = {
      name: modelName,
      version,
      fromStage: deleted.stage,
      aliases: deleted.aliases,
      modelUris: [
        versionUri(modelName, version),
        stageUri(modelName, deleted.stage),
        latestUri(modelName),
        ...deleted.aliases.map((a) => aliasUri(modelName, a)),
      ],
      at,
      userId,
    };
    await this.events.publish(SUBJECTS.registry.events.versionDeleted, event);
    await auditServingRemoved(this.access, this.settings, userId, modelName, deleted, 'version deleted');
  }

  private async changeVersion(
    name: string,
    version: number,
    change: (model: LockedModel, now: number) => Promise<void>,
  ): Promise<ModelVersion> {
    return this.store.withModel(name, async (model) => {
      if (!(await model.versions()).some((v) => v.version === version)) throw notFound(name, version);
      await change(model, this.clock.now());
      return (await model.versions()).find((v) => v.version === version) as ModelVersion;
    });
  }
}

function notFound(name: string, version: number) {
  return new ResourceNotFoundError(`Model version '${name}' version ${version} not found`);
}

/** Why a version serves: its stage is Production, or protected aliases point at it. */
export function servingReasons(v: ModelVersion, settings: GateSettings): string[] {
  return [
    ...(v.stage === 'Production' ? ['in Production'] : []),
    ...v.aliases.filter((a) => settings.isProtectedAlias(a)).map((a) => `alias '${a}'`),
  ];
}

/** The audit entries of a serving version removed (deleted alone or with its model). */
export async function auditServingRemoved(
  access: RegistryAccess,
  settings: GateSettings,
  userId: string,
  name: string,
  v: ModelVersion,
  why: string,
): Promise<void> {
  const target = `registered_model:${name}/${v.version}`;
  if (v.stage === 'Production') {
    await access.audit(userId, AUDIT_ACTIONS.leaveProduction, target, { from_stage: 'Production', reason: why });
  }
  for (const alias of v.aliases.filter((a) => settings.isProtectedAlias(a))) {
    await access.audit(userId, AUDIT_ACTIONS.protectedAlias, target, { alias, change: 'deleted', reason: why });
  }
}
