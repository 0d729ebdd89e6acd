import {
  CreateAssessmentRequest,
  DeleteTracesRequest,
  EndTraceRequest,
  InvalidParameterError,
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpSpan,
  SearchTracesRequest,
  StartTraceRequest,
  TraceInfoView,
  TraceStateName,
  TraceView,
  UpdateAssessmentRequest,
} from '@llmops/contract';
import { compact, fieldsOf, listOf, MlflowFields, unlessEmpty } from '../mlflow-json';

/*
 * MLflow's trace REST API (service.proto: StartTraceV3, GetTraceInfoV3, GetTrace, BatchGetTraces,
 * SearchTracesV3, DeleteTraces, Set/DeleteTraceTag, the assessments, and the 2.x StartTrace /
 * EndTrace / GetTraceInfo / SearchTraces) <-> the tracking contract. Trace ids always come from
 * the URL when the route has one, as the route policy reads them.
 */

const obj = (v: unknown): MlflowFields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as MlflowFields) : {};

/** protobuf's Timestamp in JSON (RFC 3339) or epoch ms, to epoch ms. */
export function timestampMs(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms))
    throw new InvalidParameterError(`Invalid ${field} '${String(value).slice(0, 40)}': expected RFC 3339`);
  return ms;
}

/** protobuf's Duration in JSON (`"1.5s"`) to ms. */
export function durationMs(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(String(value));
  if (!m)
    throw new InvalidParameterError(`Invalid ${field} '${String(value).slice(0, 40)}': expected seconds like "1.5s"`);
  return Math.round(Number(m[1]) * 1000);
}

/** The experiment a StartTraceV3 body names (`trace.trace_info.trace_location.mlflow_experiment`). */
export function experimentOfStartV3(body: unknown): string | undefined {
  const id = obj(obj(obj(obj(obj(body).trace).trace_info).trace_location).mlflow_experiment).experiment_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The experiments a SearchTracesV3 body names (`locations[].mlflow_experiment.experiment_id`). */
export function experimentsOfSearchV3(body: unknown): string[] {
  const locations = obj(body).locations;
  if (locations !== undefined && !Array.isArray(locations)) throw new InvalidParameterError('locations must be a list');
  return (locations ?? []).flatMap((l: unknown) => {
    const id = obj(obj(l).mlflow_experiment).experiment_id;
    return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
  });
}

/** 2.x key/value lists (`[{key, value}]`) as a map; a map is taken as is. */
function mapOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return Object.fromEntries(value.map((kv) => [String(obj(kv).key), obj(kv).value]));
  return obj(value);
}

const V2_STATUS: Record<string, TraceStateName> = {
  TRACE_STATUS_UNSPECIFIED: 'STATE_UNSPECIFIED',
  OK: 'OK',
  ERROR: 'ERROR',
  IN_PROGRESS: 'IN_PROGRESS',
};

export const mlflowTraceRequest = {
  startV3(body: unknown): StartTraceRequest {
    const info = obj(obj(obj(body).trace).trace_info);
    if (Object.keys(info).length === 0) throw new InvalidParameterError("Missing value for required parameter 'trace'");
    return compact({
      trace_id: unlessEmpty(info.trace_id),
      experiment_id: experimentOfStartV3(body),
      request_time_ms: timestampMs(info.request_time, 'request_time') ?? Date.now(),
      execution_duration_ms: durationMs(info.execution_duration, 'execution_duration'),
      state: info.state ?? undefined,
      client_request_id: unlessEmpty(info.client_request_id),
      request_preview: info.request_preview ?? info.request ?? undefined,
      response_preview: info.response_preview ?? info.response ?? undefined,
      trace_metadata: info.trace_metadata ?? undefined,
      tags: info.tags ?? undefined,
    }) as unknown as StartTraceRequest;
  },

  startV2(body: unknown): StartTraceRequest {
    const f = fieldsOf(body);
    return compact({
      experiment_id: f.experiment_id,
      request_time_ms: f.timestamp_ms ?? Date.now(),
      state: 'IN_PROGRESS',
      trace_metadata: mapOf(f.request_metadata),
      tags: mapOf(f.tags),
    }) as unknown as StartTraceRequest;
  },

  endV2(traceId: string, body: unknown): EndTraceRequest {
    const f = fieldsOf(body);
    const status = String(f.status ?? '');
    return compact({
      trace_id: traceId,
      timestamp_ms: f.timestamp_ms,
      state: V2_STATUS[status] ?? status,
      trace_metadata: mapOf(f.request_metadata),
      tags: mapOf(f.tags),
    }) as unknown as EndTraceRequest;
  },

  searchV3(body: unknown): SearchTracesRequest {
    const f = fieldsOf(body);
    return compact({
      experiment_ids: experimentsOfSearchV3(body),
      filter: unlessEmpty(f.filter),
      max_results: f.max_results ?? undefined,
      order_by: listOf(f.order_by),
      page_token: unlessEmpty(f.page_token),
    }) as unknown as SearchTracesRequest;
  },

  searchV2(query: unknown): SearchTracesRequest {
    const f = fieldsOf(query);
    return compact({
      experiment_ids: listOf(f.experiment_ids) ?? [],
      filter: unlessEmpty(f.filter),
      max_results: f.max_results ?? undefined,
      order_by: listOf(f.order_by),
      page_token: unlessEmpty(f.page_token),
    }) as unknown as SearchTracesRequest;
  },

  delete(body: unknown): DeleteTracesRequest {
    const f = fieldsOf(body);
    return compact({
      experiment_id: f.experiment_id,
      max_timestamp_millis: f.max_timestamp_millis ?? undefined,
      max_traces: f.max_traces ?? undefined,
      trace_ids: listOf(f.request_ids ?? f.trace_ids),
    }) as unknown as DeleteTracesRequest;
  },

  createAssessment(traceId: string, body: unknown): CreateAssessmentRequest {
    return { trace_id: traceId, assessment: { ...obj(fieldsOf(body).assessment), trace_id: traceId } };
  },

  updateAssessment(traceId: string, assessmentId: string, body: unknown): UpdateAssessmentRequest {
    const f = fieldsOf(body);
    const mask = obj(f.update_mask).paths ?? f.update_mask;
    // protobuf's FieldMask in JSON is one comma-separated string.
    const paths = typeof mask === 'string' ? mask.split(',').map((p) => p.trim()) : mask;
    return {
      trace_id: traceId,
      assessment_id: assessmentId,
      assessment: obj(f.assessment),
      update_mask: paths as string[],
    };
  },
};

const V3_TO_V2_STATUS: Record<TraceStateName, string> = {
  STATE_UNSPECIFIED: 'TRACE_STATUS_UNSPECIFIED',
  OK: 'OK',
  ERROR: 'ERROR',
  IN_PROGRESS: 'IN_PROGRESS',
};

/** MLflow 2.x's TraceInfo from the v3 one (`TraceInfoV2.from_v3`). */
export function traceInfoV2(info: TraceInfoView) {
  const start = Date.parse(info.request_time);
  return {
    request_id: info.trace_id,
    experiment_id: info.trace_location.mlflow_experiment.experiment_id,
    timestamp_ms: start,
    ...(info.execution_duration
      ? { execution_time_ms: durationMs(info.execution_duration, 'execution_duration') }
      : {}),
    status: V3_TO_V2_STATUS[info.state],
    request_metadata: Object.entries(info.trace_metadata).map(([key, value]) => ({ key, value })),
    tags: Object.entries(info.tags).map(([key, value]) => ({ key, value })),
  };
}

const SPAN_KINDS = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

const base64OfHex = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** An OTLP/JSON AnyValue in protobuf's JSON mapping with proto field names. */
function anyValue(v: OtlpAnyValue | undefined): Record<string, unknown> {
  if (!v) return {};
  if (v.stringValue !== undefined) return { string_value: v.stringValue };
  if (v.boolValue !== undefined) return { bool_value: v.boolValue };
  if (v.intValue !== undefined) return { int_value: String(v.intValue) };
  if (v.doubleValue !== undefined) return { double_value: v.doubleValue };
  if (v.bytesValue !== undefined) return { bytes_value: v.bytesValue };
  if (v.arrayValue) return { array_value: { values: (v.arrayValue.values ?? []).map(anyValue) } };
  if (v.kvlistValue) return { kvlist_value: { values: keyValues(v.kvlistValue.values) } };
  return {};
}

function keyValues(list: OtlpKeyValue[] | undefined) {
  return (list ?? []).map((kv) => ({ key: kv.key, value: anyValue(kv.value) }));
}

/** A stored span as GetTrace answers it: OpenTelemetry's `Span` message, ids in base64. */
export function spanProtoJson(span: OtlpSpan) {
  return {
    trace_id: base64OfHex(span.traceId),
    span_id: base64OfHex(span.spanId),
    ...(span.traceState ? { trace_state: span.traceState } : {}),
    ...(span.parentSpanId ? { parent_span_id: base64OfHex(span.parentSpanId) } : {}),
    name: span.name,
    kind: SPAN_KINDS[span.kind ?? 0] ?? SPAN_KINDS[0],
    start_time_unix_nano: String(span.startTimeUnixNano),
    ...(span.endTimeUnixNano !== undefined ? { end_time_unix_nano: String(span.endTimeUnixNano) } : {}),
    attributes: keyValues(span.attributes),
    events: (span.events ?? []).map((e) => ({
      time_unix_nano: String(e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes),
    })),
    status: {
      code: STATUS_CODES[span.status?.code ?? 0] ?? STATUS_CODES[0],
      ...(span.status?.message ? { message: span.status.message } : {}),
    },
  };
}

export function traceProtoJson(trace: TraceView) {
  return { trace_info: trace.trace_info, spans: trace.spans.map(spanProtoJson) };
}
