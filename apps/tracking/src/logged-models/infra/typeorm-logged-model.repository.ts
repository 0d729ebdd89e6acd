import { EntityManager, In } from 'typeorm';
import { Tag } from '../../experiments/domain/experiment';
import { Param } from '../../runs/domain/run';
import { chunks, comparisonSql, SqlParams } from '../../store/infra/sql-builder';
import { LoggedModel, ModelOutput } from '../domain/logged-model';
import { LoggedModelQuery, LoggedModelRepository } from '../domain/logged-model.repository';
import { LOGGED_MODEL_ATTRIBUTES } from '../search-logged-models/logged-model-search';
import {
  LoggedModelEntity,
  LoggedModelParamEntity,
  LoggedModelTagEntity,
  RunModelOutputEntity,
} from './logged-model.entity';
import { loggedModelFromEntity, loggedModelToEntity } from './logged-model.mapper';

const COLUMNS: Record<string, string> = {
  name: 'm.name',
  model_id: 'm.model_id',
  model_type: 'm.model_type',
  status: 'm.status',
  source_run_id: 'm.source_run_id',
  creation_timestamp: 'm.creation_timestamp_ms',
  last_updated_timestamp: 'm.last_updated_timestamp_ms',
};

export class TypeOrmLoggedModelRepository extends LoggedModelRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async insert(model: LoggedModel): Promise<void> {
    await this.em.insert(LoggedModelEntity, loggedModelToEntity(model));
    await this.insertParams(model.modelId, model.params);
    await this.upsertTags(model.modelId, model.tags);
  }

  async find(modelId: string, options: { lock?: boolean; includeDeleted?: boolean } = {}): Promise<LoggedModel | null> {
    const entity = await this.em.findOne(LoggedModelEntity, {
      where: { modelId, ...(options.includeDeleted ? {} : { lifecycleStage: 'active' }) },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!entity) return null;
    return (await this.withDetails([entity]))[0];
  }

  async update(model: LoggedModel): Promise<void> {
    await this.em.update(
      LoggedModelEntity,
      { modelId: model.modelId },
      {
        status: model.status,
        statusMessage: model.statusMessage,
        lifecycleStage: model.lifecycleStage,
        lastUpdatedTimestampMs: String(model.lastUpdatedTimestamp),
      },
    );
  }

  async upsertTags(modelId: string, tags: Tag[]): Promise<void> {
    if (tags.length === 0) return;
    await this.em.upsert(
      LoggedModelTagEntity,
      tags.map((t) => ({ modelId, key: t.key, value: t.value })),
      ['modelId', 'key'],
    );
  }

  async deleteTag(modelId: string, key: string): Promise<boolean> {
    const result = await this.em.delete(LoggedModelTagEntity, { modelId, key });
    return (result.affected ?? 0) > 0;
  }

  async findParams(modelId: string, keys: string[]): Promise<Param[]> {
    if (keys.length === 0) return [];
    const rows = await this.em.find(LoggedModelParamEntity, { where: { modelId, key: In(keys) } });
    return rows.map((r) => ({ key: r.key, value: r.value }));
  }

  async insertParams(modelId: string, params: Param[]): Promise<void> {
    for (const part of chunks(params, 500)) {
      await this.em
        .createQueryBuilder()
        .insert()
        .into(LoggedModelParamEntity)
        .values(part.map((p) => ({ modelId, key: p.key, value: p.value })))
        .orIgnore()
        .execute();
    }
  }

  async search(query: LoggedModelQuery): Promise<string[]> {
    if (query.experimentIds.length === 0) return [];
    const params = new SqlParams();
    const where = [`m.lifecycle_stage = 'active'`, `m.experiment_id::text IN (${params.list(query.experimentIds)})`];
    for (const c of query.comparisons) {
      if (c.entity === 'param' || c.entity === 'tag') {
        const table = c.entity === 'param' ? 'tracking_logged_model_params' : 'tracking_logged_model_tags';
        where.push(
          `EXISTS (SELECT 1 FROM ${table} x WHERE x.model_id = m.model_id AND x.key = ${params.add(c.key)} AND ${comparisonSql('x.value', c, 'string', params)})`,
        );
      } else if (c.entity === 'metric') {
        // Metrics are not linked to logged models here (see the gateway's README): none matches.
        where.push('FALSE');
      } else {
        where.push(comparisonSql(COLUMNS[c.key], c, LOGGED_MODEL_ATTRIBUTES[c.key], params));
      }
    }
    const order: string[] = [];
    for (const o of query.orderBy) {
      const column = COLUMNS[o.field];
      // Metric keys order nothing (no linked metrics): every model has the same null value.
      if (!column) continue;
      order.push(`(${column} IS NULL) ASC`, `${column} ${o.ascending ? 'ASC' : 'DESC'}`);
    }
    if (!query.orderBy.some((o) => o.field === 'creation_timestamp')) order.push('m.creation_timestamp_ms DESC');
    order.push('m.model_id ASC');
    const sql =
      `SELECT m.model_id FROM tracking_logged_models m WHERE ${where.join(' AND ')}` +
      ` ORDER BY ${order.join(', ')} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    return (await this.em.query(sql, params.values)).map((r: { model_id: string }) => r.model_id);
  }

  async findMany(modelIds: string[]): Promise<LoggedModel[]> {
    if (modelIds.length === 0) return [];
    const entities = await this.em.find(LoggedModelEntity, { where: { modelId: In(modelIds) } });
    const byId = new Map((await this.withDetails(entities)).map((m) => [m.modelId, m]));
    return modelIds.map((id) => byId.get(id)).filter((m): m is LoggedModel => m !== undefined);
  }

  async findBySourceRun(runId: string, name: string): Promise<LoggedModel[]> {
    const entities = await this.em.find(LoggedModelEntity, {
      where: { sourceRunId: runId, name, lifecycleStage: 'active' },
      order: { creationTimestampMs: 'ASC' },
    });
    return this.withDetails(entities);
  }

  async addOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    if (outputs.length === 0) return;
    await this.em
      .createQueryBuilder()
      .insert()
      .into(RunModelOutputEntity)
      .values(outputs.map((o) => ({ runUuid: runId, modelId: o.modelId, step: String(o.step) })))
      .orIgnore()
      .execute();
  }

  async outputsOf(runId: string): Promise<ModelOutput[]> {
    const rows = await this.em.find(RunModelOutputEntity, { where: { runUuid: runId }, order: { step: 'ASC' } });
    return rows.map((r) => ({ modelId: r.modelId, step: Number(r.step) }));
  }

  private async withDetails(entities: LoggedModelEntity[]): Promise<LoggedModel[]> {
    if (entities.length === 0) return [];
    const ids = entities.map((e) => e.modelId);
    const [params, tags] = await Promise.all([
      this.em.find(LoggedModelParamEntity, { where: { modelId: In(ids) }, order: { key: 'ASC' } }),
      this.em.find(LoggedModelTagEntity, { where: { modelId: In(ids) }, order: { key: 'ASC' } }),
    ]);
    return entities.map((e) =>
      loggedModelFromEntity(
        e,
        params.filter((p) => p.modelId === e.modelId).map((p) => ({ key: p.key, value: p.value })),
        tags.filter((t) => t.modelId === e.modelId).map((t) => ({ key: t.key, value: t.value })),
      ),
    );
  }
}
