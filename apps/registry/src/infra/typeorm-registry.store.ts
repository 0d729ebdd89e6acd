import { randomUUID } from 'node:crypto';
import { ModelStage, ResourceAlreadyExistsError, ResourceNotFoundError } from '@llmops/contract';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { HistoryEntry, ModelVersion, NewHistoryEntry, RegisteredModel, Tag } from '../domain/registry.model';
import { LockedModel, NewRegisteredModel, RegistryStore, SearchQuery } from '../ports/registry.store';
import { IS_PROMPT_TAG, SearchCondition, SortColumn } from '../search/search-filter';
import {
  HistoryEntity,
  ModelAliasEntity,
  ModelVersionEntity,
  ModelVersionTagEntity,
  RegisteredModelEntity,
  RegisteredModelTagEntity,
} from './registry.entities';
import {
  toHistoryEntity,
  toHistoryEntry,
  toModelVersion,
  toModelVersionEntity,
  toRegisteredModel,
} from './registry.mappers';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

const SQL_OP = {
  '=': '=',
  '!=': '<>',
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
  IN: 'IN',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
} as const;

const PROMPT_TAG_PARAMS = { promptTag: IS_PROMPT_TAG, promptTrue: 'true' };

/** PostgreSQL (or PGlite) registry storage through TypeORM. */
export class TypeormRegistryStore extends RegistryStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async createModel(m: NewRegisteredModel): Promise<RegisteredModel> {
    const id = randomUUID();
    try {
      await this.dataSource.transaction(async (em) => {
        await em.insert(RegisteredModelEntity, {
          id,
          name: m.name,
          description: m.description,
          userId: m.userId,
          creationTimestamp: String(m.at),
          lastUpdatedTimestamp: String(m.at),
          lastVersion: 0,
        });
        if (m.tags.length > 0) {
          await em.insert(
            RegisteredModelTagEntity,
            m.tags.map((t) => ({ modelId: id, key: t.key, value: t.value })),
          );
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ResourceAlreadyExistsError(`Registered model '${m.name}' already exists`);
      }
      throw error;
    }
    return {
      id,
      name: m.name,
      description: m.description,
      userId: m.userId,
      createdAt: m.at,
      updatedAt: m.at,
      tags: dedupeTags(m.tags),
      aliases: [],
    };
  }

  async findModel(name: string): Promise<RegisteredModel | null> {
    const row = await this.dataSource.getRepository(RegisteredModelEntity).findOneBy({ name });
    if (!row) return null;
    return (await hydrateModels(this.dataSource.manager, [row]))[0];
  }

  async searchModels(query: SearchQuery): Promise<RegisteredModel[]> {
    const qb = this.dataSource.getRepository(RegisteredModelEntity).createQueryBuilder('m');
    applyConditions(qb, query.conditions, {
      name: 'm.name',
      tagExists: (key, op, param) =>
        `EXISTS (SELECT 1 FROM registry_registered_model_tags t WHERE t.model_id = m.id AND t.key = :${key} AND t.value ${op} ${param})`,
    });
    if (query.excludePrompts) {
      qb.andWhere(
        `NOT EXISTS (SELECT 1 FROM registry_registered_model_tags pt WHERE pt.model_id = m.id AND pt.key = :promptTag AND pt.value = :promptTrue)`,
        PROMPT_TAG_PARAMS,
      );
    }
    const columns: Record<SortColumn, string> = {
      name: 'm.name',
      version: 'm.name',
      creation_timestamp: 'm.creationTimestamp',
      last_updated_timestamp: 'm.lastUpdatedTimestamp',
    };
    onlyVisible(qb, query.visibleNames);
    query.orderBy.forEach((k, i) =>
      i === 0 ? qb.orderBy(columns[k.column], k.direction) : qb.addOrderBy(columns[k.column], k.direction),
    );
    const rows = await qb.offset(query.offset).limit(query.limit).getMany();
    return hydrateModels(this.dataSource.manager, rows);
  }

  async findVersion(name: string, version: number): Promise<ModelVersion | null> {
    const row = await this.dataSource
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(RegisteredModelEntity, 'm', 'm.id = v.model_id')
      .where('m.name = :name AND v.version = :version', { name, version })
      .getOne();
    if (!row) return null;
    return (await hydrateVersions(this.dataSource.manager, [row], new Map([[row.modelId, name]])))[0];
  }

  async listVersions(name: string): Promise<ModelVersion[]> {
    const model = await this.dataSource.getRepository(RegisteredModelEntity).findOneBy({ name });
    if (!model) return [];
    return loadVersions(this.dataSource.manager, model);
  }

  async searchVersions(query: SearchQuery): Promise<ModelVersion[]> {
    const qb = this.dataSource
      .getRepository(ModelVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(RegisteredModelEntity, 'm', 'm.id = v.model_id');
    applyConditions(qb, query.conditions, {
      name: 'm.name',
      run_id: 'v.run_id',
      source: 'v.source',
      version: 'v.version',
      tagExists: (key, op, param) =>
        `EXISTS (SELECT 1 FROM registry_model_version_tags t WHERE t.model_id = v.model_id AND t.version = v.version AND t.key = :${key} AND t.value ${op} ${param})`,
    });
    if (query.excludePrompts) {
      // As MLflow 3: a model any of whose versions is tagged as a prompt is a prompt.
      qb.andWhere(
        `NOT EXISTS (SELECT 1 FROM registry_model_version_tags pt WHERE pt.model_id = v.model_id AND pt.key = :promptTag AND pt.value = :promptTrue)`,
        PROMPT_TAG_PARAMS,
      );
    }
    const columns: Record<SortColumn, string> = {
      name: 'm.name',
      version: 'v.version',
      creation_timestamp: 'v.creation_timestamp',
      last_updated_timestamp: 'v.last_updated_timestamp',
    };
    onlyVisible(qb, query.visibleNames);
    query.orderBy.forEach((k, i) =>
      i === 0 ? qb.orderBy(columns[k.column], k.direction) : qb.addOrderBy(columns[k.column], k.direction),
    );
    const rows = await qb.offset(query.offset).limit(query.limit).getMany();
    const models = rows.length
      ? await this.dataSource
          .getRepository(RegisteredModelEntity)
          .createQueryBuilder('m')
          .where('m.id IN (SELECT CAST(jsonb_array_elements_text(CAST(:ids AS jsonb)) AS uuid))', {
            ids: JSON.stringify([...new Set(rows.map((r) => r.modelId))]),
          })
          .getMany()
      : [];
    return hydrateVersions(this.dataSource.manager, rows, new Map(models.map((m) => [m.id, m.name])));
  }

  async history(name: string, version?: number): Promise<HistoryEntry[]> {
    const model = await this.dataSource.getRepository(RegisteredModelEntity).findOneBy({ name });
    if (!model) return [];
    const rows = await this.dataSource.getRepository(HistoryEntity).find({
      where: version === undefined ? { modelId: model.id } : { modelId: model.id, version },
      order: { id: 'ASC' },
    });
    return rows.map(toHistoryEntry);
  }

  async withModel<T>(name: string, work: (locked: LockedModel) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const row = await em
          .createQueryBuilder(RegisteredModelEntity, 'm')
          .setLock('pessimistic_write')
          .where('m.name = :name', { name })
          .getOne();
        if (!row) throw new ResourceNotFoundError(`Registered model '${name}' not found`);
        const [model] = await hydrateModels(em, [row]);
        return work(new TypeormLockedModel(em, row, model));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ResourceAlreadyExistsError(`Conflicting registry change: ${name}`);
      throw error;
    }
  }
}

class TypeormLockedModel implements LockedModel {
  constructor(
    private readonly em: EntityManager,
    private readonly row: RegisteredModelEntity,
    readonly model: RegisteredModel,
  ) {}

  versions(): Promise<ModelVersion[]> {
    return loadVersions(this.em, this.row);
  }

  async allocateVersionNumber(): Promise<number> {
    this.row.lastVersion += 1;
    await this.em.update(RegisteredModelEntity, { id: this.row.id }, { lastVersion: this.row.lastVersion });
    return this.row.lastVersion;
  }

  async addVersion(v: Omit<ModelVersion, 'aliases'>): Promise<void> {
    await this.em.insert(ModelVersionEntity, toModelVersionEntity(v));
    const tags = dedupeTags(v.tags);
    if (tags.length > 0) {
      await this.em.insert(
        ModelVersionTagEntity,
        tags.map((t) => ({ modelId: this.row.id, version: v.version, key: t.key, value: t.value })),
      );
    }
  }

  async updateVersion(
    version: number,
    patch: { stage?: ModelStage; description?: string; updatedAt: number },
  ): Promise<void> {
    const set: Partial<ModelVersionEntity> = { lastUpdatedTimestamp: String(patch.updatedAt) };
    if (patch.stage !== undefined) set.currentStage = patch.stage;
    if (patch.description !== undefined) set.description = patch.description;
    await this.em.update(ModelVersionEntity, { modelId: this.row.id, version }, set);
  }

  async removeVersion(version: number): Promise<void> {
    await this.em.delete(ModelVersionEntity, { modelId: this.row.id, version });
  }

  async setVersionTag(version: number, tag: Tag): Promise<void> {
    await this.em.upsert(ModelVersionTagEntity, { modelId: this.row.id, version, ...tag }, [
      'modelId',
      'version',
      'key',
    ]);
  }

  async deleteVersionTag(version: number, key: string): Promise<boolean> {
    const r = await this.em.delete(ModelVersionTagEntity, { modelId: this.row.id, version, key });
    return (r.affected ?? 0) > 0;
  }

  async updateModel(patch: { name?: string; description?: string; updatedAt: number }): Promise<void> {
    const set: Partial<RegisteredModelEntity> = { lastUpdatedTimestamp: String(patch.updatedAt) };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    await this.em.update(RegisteredModelEntity, { id: this.row.id }, set);
  }

  async setModelTag(tag: Tag): Promise<void> {
    await this.em.upsert(RegisteredModelTagEntity, { modelId: this.row.id, ...tag }, ['modelId', 'key']);
  }

  async deleteModelTag(key: string): Promise<boolean> {
    const r = await this.em.delete(RegisteredModelTagEntity, { modelId: this.row.id, key });
    return (r.affected ?? 0) > 0;
  }

  async removeModel(): Promise<void> {
    await this.em.delete(RegisteredModelEntity, { id: this.row.id });
  }

  async setAlias(alias: string, version: number): Promise<void> {
    await this.em.upsert(ModelAliasEntity, { modelId: this.row.id, alias, version }, ['modelId', 'alias']);
  }

  async deleteAlias(alias: string): Promise<void> {
    await this.em.delete(ModelAliasEntity, { modelId: this.row.id, alias });
  }

  async record(entries: NewHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // The current name: a rename inside this transaction has already been applied to the row.
    const current = await this.em.findOneByOrFail(RegisteredModelEntity, { id: this.row.id });
    await this.em.insert(
      HistoryEntity,
      entries.map((e) => toHistoryEntity(this.row.id, current.name, e)),
    );
  }
}

function dedupeTags(tags: Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.key, t])).values()];
}

async function hydrateModels(em: EntityManager, rows: RegisteredModelEntity[]): Promise<RegisteredModel[]> {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const tags = groupBy(await rowsOfModels(em, RegisteredModelTagEntity, ids, 'key'), (t) => t.modelId);
  const aliases = groupBy(await rowsOfModels(em, ModelAliasEntity, ids, 'alias'), (a) => a.modelId);
  return rows.map((r) =>
    toRegisteredModel(
      r,
      (tags.get(r.id) ?? []).map((t) => ({ key: t.key, value: t.value })),
      (aliases.get(r.id) ?? []).map((a) => ({ alias: a.alias, version: a.version })),
    ),
  );
}

/**
 * Rows of the given models, ids as one JSON parameter: a search page may hold up to 200,000
 * versions (MLflow's limit), more than a statement's 65,535 bind parameters.
 */
function rowsOfModels<T extends { modelId: string }>(
  em: EntityManager,
  entity: new () => T,
  ids: string,
  orderColumn: string,
): Promise<T[]> {
  return em
    .getRepository(entity)
    .createQueryBuilder('x')
    .where('x.model_id IN (SELECT CAST(jsonb_array_elements_text(CAST(:ids AS jsonb)) AS uuid))', { ids })
    .orderBy(`x.${orderColumn}`, 'ASC')
    .getMany();
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

async function loadVersions(em: EntityManager, model: RegisteredModelEntity): Promise<ModelVersion[]> {
  const rows = await em.find(ModelVersionEntity, { where: { modelId: model.id }, order: { version: 'ASC' } });
  return hydrateVersions(em, rows, new Map([[model.id, model.name]]));
}

async function hydrateVersions(
  em: EntityManager,
  rows: ModelVersionEntity[],
  names: Map<string, string>,
): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = JSON.stringify([...new Set(rows.map((r) => r.modelId))]);
  // Sequential on purpose: an embedded (PGlite) transaction has a single connection.
  const versionKey = (modelId: string, version: number) => `${modelId}/${version}`;
  const tags = groupBy(await rowsOfModels(em, ModelVersionTagEntity, ids, 'key'), (t) =>
    versionKey(t.modelId, t.version),
  );
  const aliases = groupBy(await rowsOfModels(em, ModelAliasEntity, ids, 'alias'), (a) =>
    versionKey(a.modelId, a.version),
  );
  return rows.map((r) =>
    toModelVersion(
      r,
      names.get(r.modelId) ?? '',
      (tags.get(versionKey(r.modelId, r.version)) ?? []).map((t) => ({ key: t.key, value: t.value })),
      (aliases.get(versionKey(r.modelId, r.version)) ?? []).map((a) => a.alias),
    ),
  );
}

interface ConditionColumns {
  name?: string;
  run_id?: string;
  source?: string;
  version?: string;
  tagExists: (keyParam: string, op: string, valueParam: string) => string;
}

/**
 * The caller's visible models as one JSON parameter unnested in SQL: part of the query, so paging
 * counts only visible rows, and a list of any length stays one parameter in pg and PGlite alike.
 */
function onlyVisible<T extends object>(qb: SelectQueryBuilder<T>, names: string[] | undefined): void {
  if (names === undefined) return;
  qb.andWhere('m.name IN (SELECT jsonb_array_elements_text(CAST(:visibleNames AS jsonb)))', {
    visibleNames: JSON.stringify(names),
  });
}

function applyConditions<T extends object>(
  qb: SelectQueryBuilder<T>,
  conditions: SearchCondition[],
  columns: ConditionColumns,
): void {
  conditions.forEach((c, i) => {
    const op = SQL_OP[c.op];
    const param = `p${i}`;
    const valueRef = c.op === 'IN' ? `(:...${param})` : `:${param}`;
    const values: Record<string, unknown> = { [param]: c.value };
    let sql: string;
    if ('tag' in c) {
      values[`k${i}`] = c.tag;
      sql = columns.tagExists(`k${i}`, op, valueRef);
    } else {
      const column = columns[c.field];
      if (!column) throw new Error(`No column for search field ${c.field}`);
      sql = `${column} ${op} ${valueRef}`;
    }
    qb.andWhere(new Brackets((w: WhereExpressionBuilder) => w.where(sql, values)));
  });
}
