import { OtlpSpan, TraceStateName } from '@llmops/contract';
import { Assessment, AssessmentSourceType, StoredSpan, TraceInfo } from '../domain/trace';

/** Rows of the trace tables as PostgreSQL / PGlite return them (bigint as text). */
export interface TraceRow {
  trace_id: string;
  experiment_id: string;
  request_time_ms: string;
  execution_duration_ms: string | null;
  state: string;
  client_request_id: string | null;
  request_preview: string | null;
  response_preview: string | null;
}

export interface KeyValueRow {
  trace_id: string;
  key: string;
  value: string;
}

export interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string | null;
  status_code: number;
  start_time_ns: string;
  end_time_ns: string | null;
  content: string;
}

export interface AssessmentRow {
  assessment_id: string;
  trace_id: string;
  name: string;
  span_id: string | null;
  source_type: string;
  source_id: string;
  create_time_ms: string;
  last_update_time_ms: string;
  kind: string;
  value: string;
  rationale: string | null;
  metadata: string;
  overrides: string | null;
  valid: boolean;
}

export function toTraceInfo(row: TraceRow, tags: KeyValueRow[], metadata: KeyValueRow[]): TraceInfo {
  return {
    traceId: row.trace_id,
    experimentId: String(row.experiment_id),
    requestTime: Number(row.request_time_ms),
    executionDuration: row.execution_duration_ms === null ? null : Number(row.execution_duration_ms),
    state: row.state as TraceStateName,
    clientRequestId: row.client_request_id,
    requestPreview: row.request_preview,
    responsePreview: row.response_preview,
    tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
    metadata: Object.fromEntries(metadata.map((m) => [m.key, m.value])),
  };
}

export function toStoredSpan(row: SpanRow): StoredSpan {
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    spanType: row.span_type,
    statusCode: Number(row.status_code),
    startTimeNs: BigInt(row.start_time_ns),
    endTimeNs: row.end_time_ns === null ? null : BigInt(row.end_time_ns),
    span: JSON.parse(row.content) as OtlpSpan,
  };
}

export function spanParams(span: StoredSpan): unknown[] {
  return [
    span.traceId,
    span.spanId,
    span.parentSpanId,
    span.name,
    span.spanType,
    span.statusCode,
    span.startTimeNs.toString(),
    span.endTimeNs === null ? null : span.endTimeNs.toString(),
    JSON.stringify(span.span),
  ];
}

export function toAssessment(row: AssessmentRow): Assessment {
  return {
    assessmentId: row.assessment_id,
    traceId: row.trace_id,
    name: row.name,
    spanId: row.span_id,
    sourceType: row.source_type as AssessmentSourceType,
    sourceId: row.source_id,
    createTime: Number(row.create_time_ms),
    lastUpdateTime: Number(row.last_update_time_ms),
    kind: row.kind as Assessment['kind'],
    value: JSON.parse(row.value) as Record<string, unknown>,
    rationale: row.rationale,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    overrides: row.overrides,
    valid: row.valid,
  };
}

export function assessmentParams(a: Assessment): unknown[] {
  return [
    a.assessmentId,
    a.traceId,
    a.name,
    a.spanId,
    a.sourceType,
    a.sourceId,
    a.createTime,
    a.lastUpdateTime,
    a.kind,
    JSON.stringify(a.value),
    a.rationale,
    JSON.stringify(a.metadata),
    a.overrides,
    a.valid,
  ];
}
