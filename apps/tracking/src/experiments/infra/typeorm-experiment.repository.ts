import { EntityManager, In } from 'typeorm';
import { InvalidParameterError, ResourceAlreadyExistsError } from '@llmops/contract';
import { chunks, comparisonSql, isUniqueViolation, SqlParams } from '../../store/infra/sql-builder';
import { EXPERIMENT_SEARCH_GRAMMAR } from '../../shared/search/search-filter';
import { Experiment, LifecycleStage, Tag } from '../domain/experiment';
import { ExperimentQuery, ExperimentRepository } from '../domain/experiment.repository';
import { ExperimentEntity, ExperimentTagEntity } from './experiment.entity';
import { experimentFromEntity, experimentToEntity } from './experiment.mapper';

const COLUMNS: Record<string, string> = {
  name: 'e.name',
  experiment_id: 'e.experiment_id',
  creation_time: 'e.creation_time',
  last_update_time: 'e.last_update_time',
};

export class TypeOrmExperimentRepository extends ExperimentRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async nextId(): Promise<string> {
    const [row] = await this.em.query(`SELECT nextval('tracking_experiment_id_seq') AS id`);
    return String(row.id);
  }

  async insert(experiment: Experiment): Promise<void> {
    try {
      await this.em.insert(ExperimentEntity, experimentToEntity(experiment));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ResourceAlreadyExistsError(`Experiment '${experiment.name}' already exists.`);
      throw error;
    }
    for (const tag of experiment.tags) await this.setTag(experiment.id, tag);
  }

  async findById(id: string, options?: { lock?: boolean }): Promise<Experiment | null> {
    const entity = await this.em.findOne(ExperimentEntity, {
      where: { experimentId: id },
      ...(options?.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return entity ? this.withTags(entity) : null;
  }

  async findByName(name: string): Promise<Experiment | null> {
    const entity = await this.em.findOne(ExperimentEntity, { where: { name } });
    return entity ? this.withTags(entity) : null;
  }

  async update(experiment: Experiment): Promise<void> {
    try {
      await this.em.update(
        ExperimentEntity,
        { experimentId: experiment.id },
        {
          name: experiment.name,
          lifecycleStage: experiment.lifecycleStage,
          lastUpdateTime: String(experiment.lastUpdateTime),
          artifactLocation: experiment.artifactLocation,
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ResourceAlreadyExistsError(`Experiment '${experiment.name}' already exists.`);
      throw error;
    }
  }

  async setTag(experimentId: string, tag: Tag): Promise<void> {
    await this.em.query(
      `INSERT INTO tracking_experiment_tags (experiment_id, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (experiment_id, key) DO UPDATE SET value = EXCLUDED.value`,
      [experimentId, tag.key, tag.value],
    );
  }

  async deleteTag(experimentId: string, key: string): Promise<boolean> {
    const result = await this.em.delete(ExperimentTagEntity, { experimentId, key });
    return (result.affected ?? 0) > 0;
  }

  async stageOf(id: string): Promise<LifecycleStage | null> {
    const entity = await this.em.findOne(ExperimentEntity, { where: { experimentId: id }, select: ['lifecycleStage'] });
    return entity ? (entity.lifecycleStage as LifecycleStage) : null;
  }

  async search(query: ExperimentQuery): Promise<Experiment[]> {
    const params = new SqlParams();
    const where: string[] = [];
    if (query.view === 'ACTIVE_ONLY') where.push(`e.lifecycle_stage = 'active'`);
    if (query.view === 'DELETED_ONLY') where.push(`e.lifecycle_stage = 'deleted'`);
    if (query.visibleIds) where.push(`e.experiment_id::text IN (${params.jsonList(query.visibleIds)})`);
    for (const c of query.comparisons) {
      if (c.entity === 'tag') {
        where.push(
          `EXISTS (SELECT 1 FROM tracking_experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = ${params.add(c.key)} AND ${comparisonSql('t.value', c, 'string', params)})`,
        );
      } else {
        const kind = EXPERIMENT_SEARCH_GRAMMAR.attributes[c.key];
        const column = c.key === 'experiment_id' ? 'e.experiment_id::text' : COLUMNS[c.key];
        where.push(comparisonSql(column, c, kind, params));
      }
    }
    const order = query.orderBy.map((o) => {
      if (o.entity !== 'attribute') throw new InvalidParameterError(`Experiments can only be ordered by attributes`);
      return `${COLUMNS[o.key]} ${o.ascending ? 'ASC' : 'DESC'}`;
    });
    if (order.length === 0) order.push('e.creation_time DESC');
    order.push('e.experiment_id ASC');
    const sql =
      `SELECT e.experiment_id FROM tracking_experiments e` +
      (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${order.join(', ')} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    const ids: string[] = (await this.em.query(sql, params.values)).map((r: { experiment_id: string }) =>
      String(r.experiment_id),
    );
    if (ids.length === 0) return [];
    const entities: ExperimentEntity[] = [];
    const tags: ExperimentTagEntity[] = [];
    for (const chunk of chunks(ids)) {
      entities.push(...(await this.em.find(ExperimentEntity, { where: { experimentId: In(chunk) } })));
      tags.push(...(await this.em.find(ExperimentTagEntity, { where: { experimentId: In(chunk) } })));
    }
    const byId = new Map(entities.map((e) => [String(e.experimentId), e]));
    return ids.map((id) =>
      experimentFromEntity(
        byId.get(id)!,
        tags.filter((t) => String(t.experimentId) === id),
      ),
    );
  }

  private async withTags(entity: ExperimentEntity): Promise<Experiment> {
    const tags = await this.em.find(ExperimentTagEntity, { where: { experimentId: entity.experimentId } });
    return experimentFromEntity(entity, tags);
  }
}
