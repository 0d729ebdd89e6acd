import { Injectable } from '@nestjs/common';
import {
  ModelDeletedEvent,
  ModelRenamedEvent,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  SUBJECTS,
} from '@llmops/contract';
import { RegistryAccess, RegistryCaller } from '../access/registry-access';
import { NoRegistryPermissions } from '../access/registry-permissions.port';
import { ModelVersion, RegisteredModel, Tag } from '../domain/registry.model';
import { GateSettings } from '../gate/gate-policy/gate-policy.options';
import {
  auditServingRemoved,
  servingReasons,
} from '../model-versions/manage-model-versions/manage-model-versions.handler';
import { latestPerStage } from '../domain/stage-rules';
import { aliasUri, latestUri, stageUri, versionUri } from '../model-uris';
import { Clock } from '../ports/clock.port';
import { RegistryEvents } from '../ports/registry-events.port';
import { LockedModel, RegistryStore } from '../ports/registry.store';
import {
  decodePageToken,
  maxResultsOf,
  MODEL_FILTER,
  pageOf,
  parseFilter,
  parseOrderBy,
  promptScope,
  rowsToRead,
} from '../search/search-filter';

export interface ModelWithLatest {
  model: RegisteredModel;
  latest: ModelVersion[];
}

@Injectable()
export class RegisteredModelsHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly events: RegistryEvents,
    private readonly clock: Clock,
    private readonly access: RegistryAccess = new RegistryAccess(new NoRegistryPermissions()),
    private readonly settings: GateSettings = new GateSettings(),
  ) {}

  async create(cmd: { name: string; description?: string; tags?: Tag[]; userId: string }): Promise<ModelWithLatest> {
    const model = await this.store.createModel({
      name: cmd.name,
      description: cmd.description ?? '',
      userId: cmd.userId,
      at: this.clock.now(),
      tags: cmd.tags ?? [],
    });
    return { model, latest: [] };
  }

  async get(name: string): Promise<ModelWithLatest> {
    const model = await this.store.findModel(name);
    if (!model) throw notFound(name);
    return { model, latest: latestPerStage(await this.store.listVersions(name)) };
  }

  async search(q: {
    filter?: string;
    maxResults?: number;
    orderBy?: string[];
    pageToken?: string;
    /** The models the caller may read (undefined: all); applied in the query, before paging. */
    visibleNames?: string[];
  }): Promise<{ models: ModelWithLatest[]; nextPageToken?: string }> {
    const { conditions, excludePrompts } = promptScope(parseFilter(q.filter, MODEL_FILTER));
    const orderBy = parseOrderBy(
      q.orderBy,
      ['name', 'creation_timestamp', 'last_updated_timestamp'],
      [{ column: 'name', direction: 'ASC' }],
    );
    const offset = decodePageToken(q.pageToken);
    const limit = maxResultsOf(q.maxResults);
    if (q.visibleNames?.length === 0) return { models: [] };
    const rows = await this.store.searchModels({
      conditions,
      excludePrompts,
      orderBy,
      offset,
      limit: rowsToRead(limit),
      visibleNames: q.visibleNames,
    });
    // Latest versions only for rows that can make the page (the extra one says whether more follow).
    const page = pageOf(rows, offset, limit);
    const models: ModelWithLatest[] = [];
    for (const model of page.items) {
      models.push({ model, latest: latestPerStage(await this.store.listVersions(model.name)) });
    }
    return { models, nextPageToken: page.nextPageToken };
  }

  async rename(name: string, newName: string, userId: string): Promise<ModelWithLatest> {
    if (name !== newName && (await this.store.findModel(newName))) {
      throw new ResourceAlreadyExistsError(`Registered model '${newName}' already exists`);
    }
    const { uris, at } = await this.store.withModel(name, async (model) => {
      const uris = urisOf(model.model, await model.versions());
      const now = this.clock.now();
      await model.updateModel({ name: newName, updatedAt: now });
      return { uris, at: now };
    });
    const event: ModelRenamedEvent = { name: newName, oldName: name, modelUris: uris, at, userId };
    await this.events.publish(SUBJECTS.registry.events.modelRenamed, event);
    return this.get(newName);
  }

  async updateDescription(name: string, description: string): Promise<ModelWithLatest> {
    await this.change(name, (model, now) => model.updateModel({ description, updatedAt: now }));
    return this.get(name);
  }

  async setTag(name: string, tag: Tag): Promise<void> {
    await this.change(name, async (model, now) => {
      await model.setModelTag(tag);
      await model.updateModel({ updatedAt: now });
    });
  }

  async deleteTag(name: string, key: string): Promise<void> {
    await this.change(name, async (model, now) => {
      if (!(await model.deleteModelTag(key))) {
        throw new ResourceNotFoundError(`Registered model '${name}' has no tag '${key}'`);
      }
      await model.updateModel({ updatedAt: now });
    });
  }

  /** Deletes the model with its versions, aliases, tags and history. */
  async delete(name: string, userId: string, caller?: RegistryCaller): Promise<void> {
    const { versions, uris } = await this.store.withModel(name, async (model) => {
      const versions = await model.versions();
      const serving = versions.filter((v) => servingReasons(v, this.settings).length > 0);
      if (serving.length > 0) {
        const which = serving.map((v) => `version ${v.version} (${servingReasons(v, this.settings).join(', ')})`);
        this.access.requireRole(caller, 'approver', `delete ${name}, which serves ${which.join('; ')}`);
      }
      const uris = urisOf(model.model, versions);
      await model.removeModel();
      return { versions, uris };
    });
    const event: ModelDeletedEvent = {
      name,
      versions: versions.map((v) => v.version),
      modelUris: uris,
      at: this.clock.now(),
      userId,
    };
    await this.events.publish(SUBJECTS.registry.events.modelDeleted, event);
    for (const v of versions) await auditServingRemoved(this.access, this.settings, userId, name, v, 'model deleted');
  }

  private change(name: string, work: (model: LockedModel, now: number) => Promise<void>): Promise<void> {
    return this.store.withModel(name, (model) => work(model, this.clock.now()));
  }
}

function notFound(name: string) {
  return new ResourceNotFoundError(`Registered model '${name}' not found`);
}

/** Every `models:/` URI that currently resolves for this model. */
function urisOf(model: RegisteredModel, versions: ModelVersion[]): string[] {
  const uris = new Set<string>();
  for (const v of versions) {
    uris.add(versionUri(model.name, v.version));
    uris.add(stageUri(model.name, v.stage));
  }
  if (versions.length > 0) uris.add(latestUri(model.name));
  for (const a of model.aliases) uris.add(aliasUri(model.name, a.alias));
  return [...uris];
}
