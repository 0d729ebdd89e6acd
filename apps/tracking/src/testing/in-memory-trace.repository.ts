import { InvalidParameterError } from '@llmops/contract';
import { Assessment, StoredSpan, TraceInfo } from '../traces/domain/trace';
import { SpanBatch, SpanBatchSummary, TraceRepository, TraceSearch } from '../traces/domain/trace.repository';

/**
 * Traces in memory for unit tests of the use cases. `search` filters by experiment only and orders
 * by time: the grammar's SQL is tested against PostgreSQL and PGlite (tracking e2e).
 */
export class InMemoryTraceRepository extends TraceRepository {
  readonly infos = new Map<string, TraceInfo>();
  readonly spans = new Map<string, StoredSpan>();
  readonly assessments = new Map<string, Assessment>();

  async upsertInfo(info: TraceInfo): Promise<void> {
    const old = this.infos.get(info.traceId);
    if (old && old.experimentId !== info.experimentId) {
      throw new InvalidParameterError(`Trace '${info.traceId}' belongs to another experiment`);
    }
    this.infos.set(info.traceId, structuredClone({ ...info, tags: { ...old?.tags, ...info.tags } }));
  }

  async updateInfo(info: TraceInfo): Promise<void> {
    await this.upsertInfo(info);
  }

  async findInfo(traceId: string): Promise<TraceInfo | null> {
    const found = this.infos.get(traceId);
    return found ? structuredClone(found) : null;
  }

  async findInfos(traceIds: string[]): Promise<TraceInfo[]> {
    return traceIds.flatMap((id) => (this.infos.has(id) ? [structuredClone(this.infos.get(id)!)] : []));
  }

  async logSpans(batches: SpanBatch[]): Promise<void> {
    // All or nothing, as the store's transaction.
    for (const { summary } of batches) {
      const info = this.infos.get(summary.traceId);
      if (info && info.experimentId !== summary.experimentId) {
        throw new InvalidParameterError(`Trace '${summary.traceId}' belongs to experiment ${info.experimentId}`);
      }
    }
    for (const { summary, spans, info: newInfo } of batches) this.logTraceSpans(summary, spans, newInfo);
  }

  private logTraceSpans(summary: SpanBatchSummary, spans: StoredSpan[], newInfo: TraceInfo): void {
    const info = this.infos.get(summary.traceId);
    if (!info) this.infos.set(summary.traceId, structuredClone(newInfo));
    else {
      info.tags['mlflow.trace.spansLocation'] = 'TRACKING_STORE';
      const start = Math.min(info.requestTime, summary.minStartMs);
      const oldEnd = info.executionDuration === null ? null : info.requestTime + info.executionDuration;
      const end = summary.maxEndMs === null ? oldEnd : Math.max(oldEnd ?? 0, summary.maxEndMs);
      info.requestTime = start;
      info.executionDuration = end === null ? null : end - start;
      if ((info.state === 'IN_PROGRESS' || info.state === 'STATE_UNSPECIFIED') && summary.rootState) {
        info.state = summary.rootState;
      }
    }
    Object.assign(this.infos.get(summary.traceId)!.metadata, summary.metadata);
    for (const span of spans) this.spans.set(`${span.traceId}/${span.spanId}`, span);
  }

  async spansOf(traceIds: string[]): Promise<StoredSpan[]> {
    return [...this.spans.values()].filter((s) => traceIds.includes(s.traceId));
  }

  async countSpans(traceId: string): Promise<number> {
    return (await this.spansOf([traceId])).length;
  }

  async search(query: TraceSearch): Promise<string[]> {
    return [...this.infos.values()]
      .filter((i) => query.experimentIds.includes(i.experimentId))
      .sort((a, b) => b.requestTime - a.requestTime || a.traceId.localeCompare(b.traceId))
      .slice(query.offset, query.offset + query.limit)
      .map((i) => i.traceId);
  }

  async delete(
    experimentId: string,
    criteria: { maxTimestampMs?: number; maxTraces?: number; traceIds?: string[] },
  ): Promise<number> {
    const doomed = [...this.infos.values()]
      .filter((i) => i.experimentId === experimentId)
      .filter((i) => criteria.maxTimestampMs === undefined || i.requestTime <= criteria.maxTimestampMs)
      .filter((i) => criteria.traceIds === undefined || criteria.traceIds.includes(i.traceId))
      .sort((a, b) => a.requestTime - b.requestTime)
      .slice(0, criteria.maxTraces ?? Infinity);
    for (const i of doomed) this.infos.delete(i.traceId);
    return doomed.length;
  }

  async prune(criteria: { olderThanMs?: number; keepNewest?: number }): Promise<number> {
    const all = [...this.infos.values()].sort((a, b) => b.requestTime - a.requestTime);
    const doomed = all.filter(
      (info, i) =>
        (criteria.olderThanMs !== undefined && info.requestTime < criteria.olderThanMs) ||
        (criteria.keepNewest !== undefined && i >= criteria.keepNewest),
    );
    for (const info of doomed) this.infos.delete(info.traceId);
    return doomed.length;
  }

  async setTag(traceId: string, key: string, value: string): Promise<void> {
    this.infos.get(traceId)!.tags[key] = value;
  }

  async deleteTag(traceId: string, key: string): Promise<boolean> {
    const tags = this.infos.get(traceId)!.tags;
    if (!(key in tags)) return false;
    delete tags[key];
    return true;
  }

  async assessmentsOf(traceIds: string[]): Promise<Assessment[]> {
    return [...this.assessments.values()].filter((a) => traceIds.includes(a.traceId)).map((a) => structuredClone(a));
  }

  async findAssessment(traceId: string, assessmentId: string): Promise<Assessment | null> {
    const found = this.assessments.get(assessmentId);
    return found && found.traceId === traceId ? structuredClone(found) : null;
  }

  async createAssessment(assessment: Assessment): Promise<boolean> {
    if (assessment.overrides !== null) {
      const old = await this.findAssessment(assessment.traceId, assessment.overrides);
      if (!old) return false;
      this.assessments.set(old.assessmentId, { ...old, valid: false });
    }
    this.assessments.set(assessment.assessmentId, structuredClone(assessment));
    return true;
  }

  async updateAssessment(assessment: Assessment): Promise<void> {
    this.assessments.set(assessment.assessmentId, structuredClone(assessment));
  }

  async deleteAssessment(traceId: string, assessmentId: string): Promise<boolean> {
    const found = await this.findAssessment(traceId, assessmentId);
    if (!found) return false;
    this.assessments.delete(assessmentId);
    if (found.overrides) {
      const old = this.assessments.get(found.overrides);
      if (old) old.valid = true;
    }
    return true;
  }
}
