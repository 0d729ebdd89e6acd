import { randomBytes } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { InvalidParameterError } from '@llmops/contract';
import { Tag } from '../../experiments/domain/experiment';
import { Comparison, OrderClause, RUN_SEARCH_GRAMMAR } from '../../shared/search/search-filter';
import { chunks, comparisonSql, isUniqueViolation, SqlParams } from '../../store/infra/sql-builder';
import { DatasetInput, Metric, Param, Run, RunInfo } from '../domain/run';
import { RunQuery, RunRepository } from '../domain/run.repository';
import { ParamEntity, RunEntity, RunTagEntity } from './run.entity';
import { doubleParam, metricFromRow, MetricRow, runInfoFromEntity, runInfoToEntity } from './run.mapper';

const ATTRIBUTE_COLUMNS: Record<string, string> = {
  run_id: 'r.run_uuid',
  run_name: 'r.name',
  status: 'r.status',
  user_id: 'r.user_id',
  artifact_uri: 'r.artifact_uri',
  lifecycle_stage: 'r.lifecycle_stage',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
};

const CONTEXT_TAG = 'mlflow.data.context';

interface RunRow {
  run_uuid: string;
  experiment_id: string;
  name: string;
  user_id: string;
  status: string;
  start_time: string;
  end_time: string | null;
  artifact_uri: string;
  lifecycle_stage: string;
  deleted_time: string | null;
}

/**
 * A history insert met an exact repeat of a stored entry: the transaction is aborted, and the
 * store runs the work again with `metricRepeats` (TypeOrmTrackingStore.transaction).
 */
export class RepeatedMetricsError extends Error {
  constructor(cause: unknown) {
    super('A metric history insert met an exact repeat; run the transaction again skipping repeats', { cause });
    this.name = 'RepeatedMetricsError';
  }
}

export interface RunRepositoryOptions {
  /** Skip exact repeats of stored metric history entries (slower per row; see insertMetrics). */
  metricRepeats?: boolean;
}

export class TypeOrmRunRepository extends RunRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly options: RunRepositoryOptions = {},
  ) {
    super();
  }

  async insert(info: RunInfo, tags: Tag[]): Promise<void> {
    await this.em.insert(RunEntity, runInfoToEntity(info));
    await this.upsertTags(info.runId, tags);
  }

  async findInfo(runId: string, options?: { lock?: boolean; shared?: boolean }): Promise<RunInfo | null> {
    const mode = options?.shared ? ('pessimistic_read' as const) : ('pessimistic_write' as const);
    const entity = await this.em.findOne(RunEntity, {
      where: { runUuid: runId },
      ...(options?.lock ? { lock: { mode } } : {}),
    });
    return entity ? runInfoFromEntity(entity) : null;
  }

  async findRun(runId: string): Promise<Run | null> {
    const [run] = await this.findRuns([runId]);
    return run ?? null;
  }

  /**
   * Runs with their params, tags, latest metrics and inputs: one query per table for all of them,
   * the ids as one array parameter (a search page may load thousands of runs).
   */
  async findRuns(runIds: string[]): Promise<Run[]> {
    if (runIds.length === 0) return [];
    const runs = new Map<string, Run>();
    const infos: RunRow[] = await this.em.query(
      `SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage, deleted_time
       FROM tracking_runs WHERE run_uuid = ANY($1::varchar[])`,
      [runIds],
    );
    for (const r of infos) {
      const entity = Object.assign(new RunEntity(), {
        runUuid: r.run_uuid,
        experimentId: r.experiment_id,
        name: r.name,
        userId: r.user_id,
        status: r.status,
        startTime: r.start_time,
        endTime: r.end_time,
        artifactUri: r.artifact_uri,
        lifecycleStage: r.lifecycle_stage,
        deletedTime: r.deleted_time,
      });
      runs.set(r.run_uuid, { info: runInfoFromEntity(entity), params: [], tags: [], latestMetrics: [], inputs: [] });
    }
    if (runs.size === 0) return [];
    const ids = [...runs.keys()];
    const params: Array<{ run_uuid: string; key: string; value: string }> = await this.em.query(
      `SELECT run_uuid, key, value FROM tracking_params WHERE run_uuid = ANY($1::varchar[]) ORDER BY key`,
      [ids],
    );
    for (const p of params) runs.get(p.run_uuid)?.params.push({ key: p.key, value: p.value });
    const tags: Array<{ run_uuid: string; key: string; value: string }> = await this.em.query(
      `SELECT run_uuid, key, value FROM tracking_tags WHERE run_uuid = ANY($1::varchar[]) ORDER BY key`,
      [ids],
    );
    for (const t of tags) runs.get(t.run_uuid)?.tags.push({ key: t.key, value: t.value });
    const metrics: Array<MetricRow & { run_uuid: string }> = await this.em.query(
      `SELECT run_uuid, key, value, "timestamp", step FROM tracking_latest_metrics WHERE run_uuid = ANY($1::varchar[]) ORDER BY key`,
      [ids],
    );
    for (const m of metrics) runs.get(m.run_uuid)?.latestMetrics.push(metricFromRow(m));
    await this.loadInputs(ids, runs);
    return runIds.map((id) => runs.get(id)).filter((r): r is Run => r !== undefined);
  }

  async updateInfo(info: RunInfo): Promise<void> {
    const { runUuid, ...changes } = runInfoToEntity(info);
    await this.em.update(RunEntity, { runUuid }, changes);
  }

  async deleteRunsOfExperiment(experimentId: string, deletedTime: number): Promise<void> {
    await this.em.query(
      `UPDATE tracking_runs SET lifecycle_stage = 'deleted', deleted_time = $2 WHERE experiment_id = $1 AND lifecycle_stage = 'active'`,
      [experimentId, String(deletedTime)],
    );
  }

  async restoreRunsOfExperiment(experimentId: string, deletedTime: number): Promise<void> {
    await this.em.query(
      `UPDATE tracking_runs SET lifecycle_stage = 'active', deleted_time = NULL
       WHERE experiment_id = $1 AND lifecycle_stage = 'deleted' AND deleted_time = $2`,
      [experimentId, String(deletedTime)],
    );
  }

  async findParams(runId: string, keys: string[]): Promise<Param[]> {
    const found: Param[] = [];
    for (const chunk of chunks(keys)) {
      const rows = await this.em.find(ParamEntity, { where: { runUuid: runId, key: In(chunk) } });
      found.push(...rows.map((p) => ({ key: p.key, value: p.value })));
    }
    return found;
  }

  async insertParams(runId: string, params: Param[]): Promise<void> {
    if (params.length === 0) return;
    await this.em.insert(
      ParamEntity,
      params.map((p) => ({ runUuid: runId, key: p.key, value: p.value })),
    );
  }

  async upsertTags(runId: string, tags: Tag[]): Promise<void> {
    for (const chunk of chunks(tags, 300)) {
      const params = new SqlParams();
      const values = chunk.map((t) => `(${params.add(runId)}, ${params.add(t.key)}, ${params.add(t.value)})`);
      await this.em.query(
        `INSERT INTO tracking_tags (run_uuid, key, value) VALUES ${values.join(', ')}
         ON CONFLICT (run_uuid, key) DO UPDATE SET value = EXCLUDED.value`,
        params.values,
      );
    }
  }

  async deleteTag(runId: string, key: string): Promise<boolean> {
    const result = await this.em.delete(RunTagEntity, { runUuid: runId, key });
    return (result.affected ?? 0) > 0;
  }

  /**
   * One statement per 1,000 metrics (MLflow's batch limit): the values travel as five array
   * parameters, the history rows and each key's latest value are written together, and the
   * database keeps the later (step, timestamp, value) of the stored latest and this batch's.
   * History rows go in with a plain INSERT: an exact repeat of a stored entry (which MLflow
   * ignores) then fails the transaction with a unique violation, and the store runs it again with
   * `metricRepeats`, where the insert skips repeats (ON CONFLICT DO NOTHING). Repeats are rare (a
   * client retrying a batch), and ON CONFLICT costs about a third of the insert's time per row.
   */
  async insertMetrics(runId: string, metrics: Metric[]): Promise<void> {
    const skipRepeats = this.options.metricRepeats
      ? 'ON CONFLICT ON CONSTRAINT tracking_metrics_entry_key DO NOTHING'
      : '';
    for (const chunk of chunks(metrics, 1000)) {
      try {
        await this.em.query(
          `WITH input AS (
             SELECT key, value, ts, step FROM unnest($2::text[], $3::float8[], $4::bigint[], $5::bigint[]) AS t(key, value, ts, step)
           ), history AS (
             INSERT INTO tracking_metrics (run_uuid, key, value, "timestamp", step)
             SELECT $1, key, value, ts, step FROM input ORDER BY key, step, ts, value
             ${skipRepeats}
           )
           INSERT INTO tracking_latest_metrics AS l (run_uuid, key, value, "timestamp", step)
           SELECT DISTINCT ON (key) $1, key, value, ts, step FROM input ORDER BY key, step DESC, ts DESC, value DESC
           ON CONFLICT (run_uuid, key) DO UPDATE
             SET value = EXCLUDED.value, "timestamp" = EXCLUDED."timestamp", step = EXCLUDED.step
             WHERE (EXCLUDED.step, EXCLUDED."timestamp", EXCLUDED.value) > (l.step, l."timestamp", l.value)`,
          [
            runId,
            chunk.map((m) => m.key),
            chunk.map((m) => doubleParam(m.value)),
            chunk.map((m) => String(m.timestamp)),
            chunk.map((m) => String(m.step)),
          ],
        );
      } catch (error) {
        // The only unique violation this statement can meet without ON CONFLICT is the history's.
        if (!this.options.metricRepeats && isUniqueViolation(error)) throw new RepeatedMetricsError(error);
        throw error;
      }
    }
  }

  async metricHistory(runId: string, key: string, offset: number, limit: number): Promise<Metric[]> {
    const rows: MetricRow[] = await this.em.query(
      `SELECT key, value, "timestamp", step FROM tracking_metrics WHERE run_uuid = $1 AND key = $2
       ORDER BY step, "timestamp", value LIMIT $3 OFFSET $4`,
      [runId, key, limit, offset],
    );
    return rows.map(metricFromRow);
  }

  async addInputs(runId: string, experimentId: string, inputs: DatasetInput[]): Promise<void> {
    for (const input of inputs) {
      const d = input.dataset;
      await this.em.query(
        `INSERT INTO tracking_datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema, profile)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ON CONSTRAINT tracking_datasets_identity_key DO NOTHING`,
        [randomBytes(16).toString('hex'), experimentId, d.name, d.digest, d.sourceType, d.source, d.schema, d.profile],
      );
      const [dataset] = await this.em.query(
        `SELECT dataset_uuid FROM tracking_datasets WHERE experiment_id = $1 AND name = $2 AND digest = $3`,
        [experimentId, d.name, d.digest],
      );
      await this.em.query(
        `INSERT INTO tracking_run_inputs (run_uuid, dataset_uuid) VALUES ($1, $2)
         ON CONFLICT ON CONSTRAINT tracking_run_inputs_key DO NOTHING`,
        [runId, dataset.dataset_uuid],
      );
      const [link] = await this.em.query(
        `SELECT id FROM tracking_run_inputs WHERE run_uuid = $1 AND dataset_uuid = $2`,
        [runId, dataset.dataset_uuid],
      );
      for (const tag of input.tags) {
        await this.em.query(
          `INSERT INTO tracking_run_input_tags (input_id, key, value) VALUES ($1, $2, $3)
           ON CONFLICT (input_id, key) DO UPDATE SET value = EXCLUDED.value`,
          [link.id, tag.key, tag.value],
        );
      }
    }
  }

  async search(query: RunQuery): Promise<string[]> {
    const params = new SqlParams();
    const where = [`r.experiment_id IN (${params.list(query.experimentIds, '::bigint')})`];
    if (query.view === 'ACTIVE_ONLY') where.push(`r.lifecycle_stage = 'active'`);
    if (query.view === 'DELETED_ONLY') where.push(`r.lifecycle_stage = 'deleted'`);
    for (const c of query.comparisons) where.push(this.clauseSql(c, params));
    const order = query.orderBy.map((o) => this.orderSql(o, params));
    if (!query.orderBy.some((o) => o.entity === 'attribute' && o.key === 'start_time')) order.push('r.start_time DESC');
    order.push('r.run_uuid ASC');
    const sql =
      `SELECT r.run_uuid FROM tracking_runs r WHERE ${where.join(' AND ')}` +
      ` ORDER BY ${order.join(', ')} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
    const rows: Array<{ run_uuid: string }> = await this.em.query(sql, params.values);
    return rows.map((r) => r.run_uuid);
  }

  private clauseSql(c: Comparison, params: SqlParams): string {
    switch (c.entity) {
      case 'metric':
        return `EXISTS (SELECT 1 FROM tracking_latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = ${params.add(c.key)} AND ${comparisonSql('m.value', c, 'number', params)})`;
      case 'param':
        return `EXISTS (SELECT 1 FROM tracking_params p WHERE p.run_uuid = r.run_uuid AND p.key = ${params.add(c.key)} AND ${comparisonSql('p.value', c, 'string', params)})`;
      case 'tag':
        return `EXISTS (SELECT 1 FROM tracking_tags t WHERE t.run_uuid = r.run_uuid AND t.key = ${params.add(c.key)} AND ${comparisonSql('t.value', c, 'string', params)})`;
      case 'attribute':
        return comparisonSql(ATTRIBUTE_COLUMNS[c.key], c, RUN_SEARCH_GRAMMAR.attributes[c.key], params);
      case 'dataset':
        if (c.key === 'context') {
          return `EXISTS (SELECT 1 FROM tracking_run_inputs i JOIN tracking_run_input_tags it ON it.input_id = i.id
                  WHERE i.run_uuid = r.run_uuid AND it.key = ${params.add(CONTEXT_TAG)} AND ${comparisonSql('it.value', c, 'string', params)})`;
        }
        return `EXISTS (SELECT 1 FROM tracking_run_inputs i JOIN tracking_datasets d ON d.dataset_uuid = i.dataset_uuid
                WHERE i.run_uuid = r.run_uuid AND ${comparisonSql(c.key === 'name' ? 'd.name' : 'd.digest', c, 'string', params)})`;
      case 'metadata':
        // Traces' entity; RUN_SEARCH_GRAMMAR never yields it.
        throw new InvalidParameterError('Runs have no metadata to search');
    }
  }

  /**
   * Missing values sort last in both directions, as MLflow. A metric, param or tag is looked up
   * per run by a scalar subquery (its table's primary key is (run_uuid, key): one value or none),
   * not a LEFT JOIN: PostgreSQL evaluates it only for the runs the filters kept, whereas a join
   * may be placed before the filters (it was, without planner statistics: a lookup for each of
   * the experiment's runs).
   */
  private orderSql(o: OrderClause, params: SqlParams): string {
    const direction = `${o.ascending ? 'ASC' : 'DESC'} NULLS LAST`;
    const table = { metric: 'tracking_latest_metrics', param: 'tracking_params', tag: 'tracking_tags' } as const;
    if (o.entity === 'attribute') return `${ATTRIBUTE_COLUMNS[o.key]} ${direction}`;
    if (o.entity === 'dataset' || o.entity === 'metadata') {
      throw new InvalidParameterError(`Cannot order runs by a ${o.entity} field`);
    }
    return `(SELECT o.value FROM ${table[o.entity]} o WHERE o.run_uuid = r.run_uuid AND o.key = ${params.add(o.key)}) ${direction}`;
  }

  private async loadInputs(ids: string[], runs: Map<string, Run>): Promise<void> {
    const links: Array<{
      id: string;
      run_uuid: string;
      name: string;
      digest: string;
      source_type: string;
      source: string;
      schema: string | null;
      profile: string | null;
    }> = await this.em.query(
      `SELECT i.id, i.run_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile
       FROM tracking_run_inputs i JOIN tracking_datasets d ON d.dataset_uuid = i.dataset_uuid
       WHERE i.run_uuid = ANY($1::varchar[]) ORDER BY i.id`,
      [ids],
    );
    if (links.length === 0) return;
    const tagParams = new SqlParams();
    const tags: Array<{ input_id: string; key: string; value: string }> = await this.em.query(
      `SELECT input_id, key, value FROM tracking_run_input_tags WHERE input_id IN (${tagParams.list(
        links.map((l) => l.id),
        '::bigint',
      )}) ORDER BY key`,
      tagParams.values,
    );
    for (const link of links) {
      runs.get(link.run_uuid)?.inputs.push({
        tags: tags.filter((t) => String(t.input_id) === String(link.id)).map((t) => ({ key: t.key, value: t.value })),
        dataset: {
          name: link.name,
          digest: link.digest,
          sourceType: link.source_type,
          source: link.source,
          schema: link.schema,
          profile: link.profile,
        },
      });
    }
  }
}
