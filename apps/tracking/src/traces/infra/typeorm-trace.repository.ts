import { InvalidParameterError, TRACE_TAG_KEYS } from '@llmops/contract';
import { DataSource, EntityManager } from 'typeorm';
import { Comparison, OrderClause } from '../../shared/search/search-filter';
import { Assessment, StoredSpan, TraceInfo } from '../domain/trace';
import { SpanBatch, TraceRepository, TraceSearch } from '../domain/trace.repository';
import {
  AssessmentRow,
  KeyValueRow,
  SpanRow,
  TraceRow,
  assessmentParams,
  spanParams,
  toAssessment,
  toStoredSpan,
  toTraceInfo,
} from './trace.rows';

/** Trace attributes of the search grammar and their columns (or the tag / metadata they stand for). */
const ATTRIBUTE_COLUMNS: Record<string, string> = {
  trace_id: 'tr.trace_id',
  status: 'tr.state',
  timestamp_ms: 'tr.request_time_ms',
  execution_time_ms: 'tr.execution_duration_ms',
  client_request_id: 'tr.client_request_id',
  request_preview: 'tr.request_preview',
  response_preview: 'tr.response_preview',
};
export const ATTRIBUTE_AS_TAG: Record<string, string> = { name: 'mlflow.traceName' };
export const ATTRIBUTE_AS_METADATA: Record<string, string> = { run_id: 'mlflow.sourceRun', model_id: 'mlflow.modelId' };

const SQL_COMPARATORS: Record<string, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
};

const INFO_COLUMNS = `tr.trace_id, tr.experiment_id, tr.request_time_ms, tr.execution_duration_ms, tr.state,
  tr.client_request_id, tr.request_preview, tr.response_preview`;

/** The trace tables over TypeORM's DataSource with parameterised SQL (PostgreSQL and PGlite alike). */
export class TypeOrmTraceRepository extends TraceRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async upsertInfo(info: TraceInfo): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Insert-or-nothing, then update within the experiment: a trace its spans are creating
      // concurrently is merged into, and one of another experiment is refused, never moved.
      if ((await this.insertInfos(em, [info])).size === 0) {
        const updated = rowsOf(
          await em.query(
            `UPDATE tracking_traces SET request_time_ms = $3, execution_duration_ms = $4, state = $5,
               client_request_id = $6, request_preview = $7, response_preview = $8
             WHERE trace_id = $1 AND experiment_id = $2 RETURNING trace_id`,
            infoParams(info),
          ),
        );
        if (updated.length === 0) {
          throw new InvalidParameterError(`Trace '${info.traceId}' belongs to another experiment`);
        }
      }
      await this.putMap(em, 'tracking_trace_tags', info.traceId, info.tags);
      await this.putMap(em, 'tracking_trace_metadata', info.traceId, info.metadata);
    });
  }

  async updateInfo(info: TraceInfo): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `UPDATE tracking_traces SET request_time_ms = $3, execution_duration_ms = $4, state = $5,
           client_request_id = $6, request_preview = $7, response_preview = $8
         WHERE trace_id = $1 AND experiment_id = $2`,
        infoParams(info),
      );
      await this.putMap(em, 'tracking_trace_tags', info.traceId, info.tags);
      await this.putMap(em, 'tracking_trace_metadata', info.traceId, info.metadata);
    });
  }

  async findInfo(traceId: string): Promise<TraceInfo | null> {
    const [info] = await this.findInfos([traceId]);
    return info ?? null;
  }

  async findInfos(traceIds: string[]): Promise<TraceInfo[]> {
    if (traceIds.length === 0) return [];
    const rows: TraceRow[] = await this.dataSource.query(
      `SELECT ${INFO_COLUMNS} FROM tracking_traces tr WHERE tr.trace_id = ANY($1)`,
      [traceIds],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.trace_id);
    // Keys in byte order, so answers list tags and metadata the same way every time.
    const tags: KeyValueRow[] = await this.dataSource.query(
      `SELECT trace_id, key, value FROM tracking_trace_tags WHERE trace_id = ANY($1) ORDER BY key COLLATE "C"`,
      [ids],
    );
    const metadata: KeyValueRow[] = await this.dataSource.query(
      `SELECT trace_id, key, value FROM tracking_trace_metadata WHERE trace_id = ANY($1) ORDER BY key COLLATE "C"`,
      [ids],
    );
    const byId = new Map(
      rows.map((row) => [
        row.trace_id,
        toTraceInfo(
          row,
          tags.filter((t) => t.trace_id === row.trace_id),
          metadata.filter((m) => m.trace_id === row.trace_id),
        ),
      ]),
    );
    return traceIds.map((id) => byId.get(id)).filter((i): i is TraceInfo => i !== undefined);
  }

  async logSpans(batches: SpanBatch[]): Promise<void> {
    if (batches.length === 0) return;
    // Every statement takes its rows in trace id order: exports of the same traces from several
    // services at once (each service exports its own spans of a request) lock them in one order.
    const sorted = [...batches].sort((a, b) => compare(a.summary.traceId, b.summary.traceId));
    await this.dataSource.transaction(async (em) => {
      // The first export of a trace creates it; a concurrent one (the same trace's spans from
      // another service) waits on that insert, then widens the row under its lock.
      const created = await this.insertInfos(
        em,
        sorted.map((b) => b.info),
      );
      const existing = sorted.filter((b) => !created.has(b.summary.traceId));
      const rows: TraceRow[] =
        existing.length === 0
          ? []
          : await em.query(
              `SELECT ${INFO_COLUMNS} FROM tracking_traces tr WHERE tr.trace_id = ANY($1)
               ORDER BY tr.trace_id FOR UPDATE`,
              [existing.map((b) => b.summary.traceId)],
            );
      const rowOf = new Map(rows.map((r) => [r.trace_id, r]));
      const widened: unknown[][] = [];
      for (const { summary } of existing) {
        const row = rowOf.get(summary.traceId);
        // Deleted since the insert found it: a concurrent delete wins, as it would a moment later.
        if (!row) continue;
        if (String(row.experiment_id) !== summary.experimentId) {
          throw new InvalidParameterError(
            `Trace '${summary.traceId}' belongs to experiment ${row.experiment_id}, not ${summary.experimentId}`,
          );
        }
        const start = Math.min(Number(row.request_time_ms), summary.minStartMs);
        const oldEnd =
          row.execution_duration_ms === null ? null : Number(row.request_time_ms) + Number(row.execution_duration_ms);
        const end =
          summary.maxEndMs === null ? oldEnd : oldEnd === null ? summary.maxEndMs : Math.max(oldEnd, summary.maxEndMs);
        const state =
          (row.state === 'IN_PROGRESS' || row.state === 'STATE_UNSPECIFIED') && summary.rootState
            ? summary.rootState
            : row.state;
        widened.push([
          summary.traceId,
          start,
          end === null ? null : end - start,
          state,
          summary.requestPreview,
          summary.responsePreview,
        ]);
      }
      if (widened.length > 0) {
        await em.query(
          `UPDATE tracking_traces tr SET request_time_ms = u.start, execution_duration_ms = u.duration, state = u.state,
             request_preview = COALESCE(tr.request_preview, u.request_preview),
             response_preview = COALESCE(tr.response_preview, u.response_preview)
           FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::varchar[], $5::text[], $6::text[])
             AS u(trace_id, start, duration, state, request_preview, response_preview)
           WHERE tr.trace_id = u.trace_id`,
          [0, 1, 2, 3, 4, 5].map((i) => column(widened, i)),
        );
      }
      const kept = new Set([...created, ...rowOf.keys()]);
      // A created trace's tags; an existing one's spans are in the store now (a trace started
      // before its spans arrived said nothing), and its name is the first one given.
      const setTags: string[][] = [];
      const addTags: string[][] = [];
      for (const b of sorted) {
        if (!kept.has(b.summary.traceId)) continue;
        if (created.has(b.summary.traceId)) {
          for (const [key, value] of Object.entries(b.info.tags)) setTags.push([b.summary.traceId, key, value]);
        } else {
          setTags.push([b.summary.traceId, TRACE_TAG_KEYS.spansLocation, 'TRACKING_STORE']);
          if (b.summary.rootName !== null) {
            addTags.push([b.summary.traceId, TRACE_TAG_KEYS.traceName, b.summary.rootName.slice(0, 8000)]);
          }
        }
      }
      await this.putMaps(em, 'tracking_trace_tags', setTags, 'DO UPDATE SET value = EXCLUDED.value');
      await this.putMaps(em, 'tracking_trace_tags', addTags, 'DO NOTHING');
      const metadata = sorted
        .filter((b) => kept.has(b.summary.traceId))
        .flatMap((b) => Object.entries(b.summary.metadata).map(([key, value]) => [b.summary.traceId, key, value]));
      await this.putMaps(em, 'tracking_trace_metadata', metadata, 'DO UPDATE SET value = EXCLUDED.value');
      // One statement for the spans (a statement each cost more than the spans: every request the
      // platform serves is traced). A span sent twice in one export: its last copy, as upserting
      // one after the other would keep.
      const spans = [
        ...new Map(
          sorted
            .filter((b) => kept.has(b.summary.traceId))
            .flatMap((b) => b.spans.map((span) => [`${span.traceId}/${span.spanId}`, spanParams(span)] as const)),
        ).values(),
      ];
      if (spans.length > 0) {
        await em.query(
          `INSERT INTO tracking_trace_spans
             (trace_id, span_id, parent_span_id, name, span_type, status_code, start_time_ns, end_time_ns, content)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[],
             $8::bigint[], $9::text[])
           ON CONFLICT (trace_id, span_id) DO UPDATE SET parent_span_id = EXCLUDED.parent_span_id,
             name = EXCLUDED.name, span_type = EXCLUDED.span_type, status_code = EXCLUDED.status_code,
             start_time_ns = EXCLUDED.start_time_ns, end_time_ns = EXCLUDED.end_time_ns, content = EXCLUDED.content`,
          [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => column(spans, i)),
        );
      }
    });
  }

  async spansOf(traceIds: string[]): Promise<StoredSpan[]> {
    if (traceIds.length === 0) return [];
    const rows: SpanRow[] = await this.dataSource.query(
      `SELECT * FROM tracking_trace_spans WHERE trace_id = ANY($1)
       ORDER BY trace_id, (parent_span_id IS NOT NULL), start_time_ns, span_id`,
      [traceIds],
    );
    return rows.map(toStoredSpan);
  }

  async countSpans(traceId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*) AS n FROM tracking_trace_spans WHERE trace_id = $1`, [
      traceId,
    ]);
    return Number(row.n);
  }

  async search(query: TraceSearch): Promise<string[]> {
    const values: unknown[] = [query.experimentIds.map(Number)];
    const bind = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const where = ['tr.experiment_id = ANY($1)', ...query.comparisons.map((c) => condition(c, bind))];
    const order = [...query.orderBy.map(orderSql), 'tr.request_time_ms DESC', 'tr.trace_id'];
    const sql = `SELECT tr.trace_id FROM tracking_traces tr WHERE ${where.join(' AND ')}
      ORDER BY ${order.join(', ')} OFFSET ${bind(query.offset)} LIMIT ${bind(query.limit)}`;
    const rows: Array<{ trace_id: string }> = await this.dataSource.query(sql, values);
    return rows.map((r) => r.trace_id);
  }

  async delete(
    experimentId: string,
    criteria: { maxTimestampMs?: number; maxTraces?: number; traceIds?: string[] },
  ): Promise<number> {
    const values: unknown[] = [Number(experimentId)];
    const bind = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const where = ['experiment_id = $1'];
    if (criteria.maxTimestampMs !== undefined) where.push(`request_time_ms <= ${bind(criteria.maxTimestampMs)}`);
    if (criteria.traceIds !== undefined) where.push(`trace_id = ANY(${bind(criteria.traceIds)})`);
    const limit = criteria.maxTraces !== undefined ? ` ORDER BY request_time_ms LIMIT ${bind(criteria.maxTraces)}` : '';
    return this.dataSource.transaction(async (em) => {
      const result = await em.query(
        `DELETE FROM tracking_traces WHERE trace_id IN (SELECT trace_id FROM tracking_traces WHERE ${where.join(' AND ')}${limit})
         RETURNING trace_id`,
        values,
      );
      return rowsOf(result).length;
    });
  }

  async prune(criteria: { olderThanMs?: number; keepNewest?: number }): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      let pruned = 0;
      if (criteria.olderThanMs !== undefined) {
        const result = await em.query('DELETE FROM tracking_traces WHERE request_time_ms < $1 RETURNING trace_id', [
          criteria.olderThanMs,
        ]);
        pruned += rowsOf(result).length;
      }
      if (criteria.keepNewest !== undefined) {
        const result = await em.query(
          `DELETE FROM tracking_traces WHERE trace_id IN
             (SELECT trace_id FROM tracking_traces ORDER BY request_time_ms DESC, trace_id OFFSET $1)
           RETURNING trace_id`,
          [criteria.keepNewest],
        );
        pruned += rowsOf(result).length;
      }
      return pruned;
    });
  }

  async setTag(traceId: string, key: string, value: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO tracking_trace_tags (trace_id, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (trace_id, key) DO UPDATE SET value = EXCLUDED.value`,
      [traceId, key, value],
    );
  }

  async deleteTag(traceId: string, key: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `DELETE FROM tracking_trace_tags WHERE trace_id = $1 AND key = $2 RETURNING key`,
      [traceId, key],
    );
    return rowsOf(result).length > 0;
  }

  async assessmentsOf(traceIds: string[]): Promise<Assessment[]> {
    if (traceIds.length === 0) return [];
    const rows: AssessmentRow[] = await this.dataSource.query(
      `SELECT * FROM tracking_trace_assessments WHERE trace_id = ANY($1) ORDER BY create_time_ms, assessment_id`,
      [traceIds],
    );
    return rows.map(toAssessment);
  }

  async findAssessment(traceId: string, assessmentId: string): Promise<Assessment | null> {
    const [row]: AssessmentRow[] = await this.dataSource.query(
      `SELECT * FROM tracking_trace_assessments WHERE trace_id = $1 AND assessment_id = $2`,
      [traceId, assessmentId],
    );
    return row ? toAssessment(row) : null;
  }

  async createAssessment(a: Assessment): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      if (a.overrides !== null) {
        const updated = await em.query(
          `UPDATE tracking_trace_assessments SET valid = false WHERE trace_id = $1 AND assessment_id = $2 RETURNING assessment_id`,
          [a.traceId, a.overrides],
        );
        if (rowsOf(updated).length === 0) return false;
      }
      await em.query(
        `INSERT INTO tracking_trace_assessments (assessment_id, trace_id, name, span_id, source_type, source_id,
           create_time_ms, last_update_time_ms, kind, value, rationale, metadata, overrides, valid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        assessmentParams(a),
      );
      return true;
    });
  }

  async updateAssessment(a: Assessment): Promise<void> {
    await this.dataSource.query(
      `UPDATE tracking_trace_assessments SET name = $3, span_id = $4, source_type = $5, source_id = $6,
         create_time_ms = $7, last_update_time_ms = $8, kind = $9, value = $10, rationale = $11, metadata = $12,
         overrides = $13, valid = $14
       WHERE assessment_id = $1 AND trace_id = $2`,
      assessmentParams(a),
    );
  }

  async deleteAssessment(traceId: string, assessmentId: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const deleted: AssessmentRow[] = rowsOf(
        await em.query(
          `DELETE FROM tracking_trace_assessments WHERE trace_id = $1 AND assessment_id = $2 RETURNING *`,
          [traceId, assessmentId],
        ),
      );
      const [row] = deleted;
      if (!row) return false;
      // As MLflow does: deleting an override makes the assessment it replaced valid again.
      if (row.overrides) {
        await em.query(
          `UPDATE tracking_trace_assessments SET valid = true WHERE trace_id = $1 AND assessment_id = $2`,
          [traceId, row.overrides],
        );
      }
      return true;
    });
  }

  /** Inserts the traces that do not exist yet; the ids this call created (others exist already). */
  private async insertInfos(em: EntityManager, infos: TraceInfo[]): Promise<Set<string>> {
    const rows = infos.map(infoParams);
    const inserted = await em.query(
      `INSERT INTO tracking_traces (trace_id, experiment_id, request_time_ms, execution_duration_ms, state,
         client_request_id, request_preview, response_preview)
       SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[], $5::varchar[], $6::varchar[],
         $7::text[], $8::text[])
       ON CONFLICT (trace_id) DO NOTHING RETURNING trace_id`,
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => column(rows, i)),
    );
    return new Set(rowsOf<{ trace_id: string }>(inserted).map((r) => r.trace_id));
  }

  /** (trace id, key, value) rows of several traces in one statement (distinct pairs). */
  private async putMaps(em: EntityManager, table: string, unordered: string[][], onConflict: string) {
    if (unordered.length === 0) return;
    const rows = [...unordered].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
    await em.query(
      `INSERT INTO ${table} (trace_id, key, value)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) ON CONFLICT (trace_id, key) ${onConflict}`,
      [0, 1, 2].map((i) => column(rows, i)),
    );
  }

  /** One trace's map, its values replacing stored ones. */
  private putMap(em: EntityManager, table: string, traceId: string, map: Record<string, string>) {
    const rows = Object.entries(map).map(([key, value]) => [traceId, key, value]);
    return this.putMaps(em, table, rows, 'DO UPDATE SET value = EXCLUDED.value');
  }
}

/** The i-th value of each row: one array parameter of an unnest(). */
function column<T>(rows: T[][], i: number): T[] {
  return rows.map((r) => r[i]);
}

/** Byte order, as PostgreSQL's "C" collation (and the trace ids are ASCII hex). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function infoParams(info: TraceInfo): unknown[] {
  return [
    info.traceId,
    Number(info.experimentId),
    info.requestTime,
    info.executionDuration,
    info.state,
    info.clientRequestId,
    info.requestPreview,
    info.responsePreview,
  ];
}

/** The rows of a DML ... RETURNING: TypeORM answers UPDATE / DELETE as [rows, count], the rest as rows. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}

function condition(c: Comparison, bind: (v: unknown) => string): string {
  const mapKey =
    c.entity === 'tag'
      ? { table: 'tracking_trace_tags', key: c.key }
      : c.entity === 'metadata'
        ? { table: 'tracking_trace_metadata', key: c.key }
        : ATTRIBUTE_AS_TAG[c.key] !== undefined
          ? { table: 'tracking_trace_tags', key: ATTRIBUTE_AS_TAG[c.key] }
          : ATTRIBUTE_AS_METADATA[c.key] !== undefined
            ? { table: 'tracking_trace_metadata', key: ATTRIBUTE_AS_METADATA[c.key] }
            : undefined;
  const column = mapKey ? 'm.value' : ATTRIBUTE_COLUMNS[c.key];
  if (column === undefined) throw new InvalidParameterError(`Invalid filter: cannot search traces by '${c.key}'`);
  let test: string;
  if (c.comparator === 'IN' || c.comparator === 'NOT IN') {
    test = `${c.comparator === 'IN' ? '' : 'NOT '}(${column} = ANY(${bind(c.value)}))`;
  } else {
    test = `${column} ${SQL_COMPARATORS[c.comparator]} ${bind(c.value)}`;
  }
  if (!mapKey) return test;
  return `EXISTS (SELECT 1 FROM ${mapKey.table} m WHERE m.trace_id = tr.trace_id AND m.key = ${bind(mapKey.key)} AND ${test})`;
}

function orderSql(o: OrderClause): string {
  const column = o.entity === 'attribute' ? ATTRIBUTE_COLUMNS[o.key] : undefined;
  if (column === undefined) {
    throw new InvalidParameterError(
      `Invalid order_by: traces are ordered by ${Object.keys(ATTRIBUTE_COLUMNS).join(', ')}`,
    );
  }
  // Missing values (an execution time while in progress) sort last in both directions, as MLflow's.
  return `${column} ${o.ascending ? 'ASC' : 'DESC'} NULLS LAST`;
}
