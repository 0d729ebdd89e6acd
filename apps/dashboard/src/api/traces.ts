import { authHeaders, errorOf } from './client';

/**
 * MLflow's trace API (MLflow 3 `service.proto`: SearchTracesV3, GetTrace), which the gateway
 * serves on its MLflow-compatible routes. Those routes follow MLflow's protos rather than the
 * platform's OpenAPI document, so their shapes are written here from MLflow's documentation.
 */
export interface TraceInfo {
  trace_id: string;
  client_request_id?: string;
  trace_location?: { type?: string; mlflow_experiment?: { experiment_id: string } };
  request_preview?: string;
  response_preview?: string;
  request_time?: string;
  execution_duration?: string;
  state?: 'STATE_UNSPECIFIED' | 'OK' | 'ERROR' | 'IN_PROGRESS';
  trace_metadata?: Record<string, string>;
  tags?: Record<string, string>;
}

/** An OpenTelemetry `AnyValue` in protobuf's JSON mapping. */
export interface AnyValue {
  string_value?: string;
  bool_value?: boolean;
  int_value?: string | number;
  double_value?: number | string;
  array_value?: { values?: AnyValue[] };
  kvlist_value?: { values?: Array<{ key: string; value: AnyValue }> };
}

type Attributes = Record<string, unknown> | Array<{ key: string; value: AnyValue }>;

/**
 * A span as GetTrace answers it: an OpenTelemetry `Span` message in protobuf's JSON mapping
 * (attributes as key/value lists, ids base64); attributes as a plain object are read too.
 */
export interface Span {
  trace_id?: string;
  span_id: string;
  parent_span_id?: string | null;
  name: string;
  kind?: string;
  start_time_unix_nano: string | number;
  end_time_unix_nano?: string | number | null;
  attributes?: Attributes;
  status?: { code?: string; message?: string };
  events?: Array<{ name: string; time_unix_nano?: string | number; attributes?: Attributes }>;
}

/** MLflow 3's `Trace`: its info and its spans (older answers nest them in `data`). */
export interface Trace {
  trace_info: TraceInfo;
  spans?: Span[];
  data?: { spans?: Span[] };
}

export function spansOf(trace: Trace | undefined): Span[] {
  return trace?.spans ?? trace?.data?.spans ?? [];
}

/** An AnyValue as the plain JSON value it stands for. */
export function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.string_value !== undefined) {
    // MLflow writes span attributes as JSON text (e.g. `"\"news\""`): show the value inside.
    try {
      return JSON.parse(value.string_value);
    } catch {
      return value.string_value;
    }
  }
  if (value.bool_value !== undefined) return value.bool_value;
  if (value.int_value !== undefined) return Number(value.int_value);
  if (value.double_value !== undefined) return Number(value.double_value);
  if (value.array_value) return (value.array_value.values ?? []).map(plainValue);
  if (value.kvlist_value) {
    return Object.fromEntries((value.kvlist_value.values ?? []).map((kv) => [kv.key, plainValue(kv.value)]));
  }
  return null;
}

/** Span or event attributes as one plain object, whichever form they came in. */
export function attributesOf(attributes: Attributes | undefined): Record<string, unknown> {
  if (!attributes) return {};
  if (Array.isArray(attributes)) return Object.fromEntries(attributes.map((kv) => [kv.key, plainValue(kv.value)]));
  return attributes;
}

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...authHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw errorOf(response, parsed);
  return parsed as T;
}

export function searchTraces(request: {
  experimentIds: string[];
  filter?: string;
  maxResults?: number;
  pageToken?: string;
}): Promise<{ traces?: TraceInfo[]; next_page_token?: string }> {
  return call('POST', '/api/3.0/mlflow/traces/search', {
    locations: request.experimentIds.map((experiment_id) => ({
      type: 'MLFLOW_EXPERIMENT',
      mlflow_experiment: { experiment_id },
    })),
    ...(request.filter ? { filter: request.filter } : {}),
    max_results: request.maxResults ?? 50,
    order_by: ['timestamp_ms DESC'],
    ...(request.pageToken ? { page_token: request.pageToken } : {}),
  });
}

export function getTrace(traceId: string): Promise<{ trace?: Trace }> {
  return call('GET', `/api/3.0/mlflow/traces/get?trace_id=${encodeURIComponent(traceId)}`);
}

/** Nanoseconds (MLflow sends int64 as strings) to milliseconds. */
export function nanosToMs(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n / 1e6 : null;
}

/** `"1.234s"` (protobuf Duration in JSON) to milliseconds. */
export function durationToMs(value: string | undefined): number | null {
  if (!value) return null;
  const m = /^(-?[0-9.]+)s$/.exec(value);
  return m ? Number(m[1]) * 1000 : null;
}

export interface WaterfallRow {
  span: Span;
  depth: number;
  startMs: number;
  durationMs: number | null;
}

/** Spans in tree order (a parent before its children, siblings by start), with depth and offsets. */
export function waterfall(spans: Span[]): { rows: WaterfallRow[]; totalMs: number } {
  if (spans.length === 0) return { rows: [], totalMs: 0 };
  const start = Math.min(...spans.map((s) => nanosToMs(s.start_time_unix_nano) ?? Infinity));
  const end = Math.max(...spans.map((s) => nanosToMs(s.end_time_unix_nano) ?? nanosToMs(s.start_time_unix_nano) ?? 0));
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string | null, Span[]>();
  for (const s of spans) {
    const parent = s.parent_span_id && ids.has(s.parent_span_id) ? s.parent_span_id : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    const mine = [...(children.get(parent) ?? [])].sort(
      (a, b) => (nanosToMs(a.start_time_unix_nano) ?? 0) - (nanosToMs(b.start_time_unix_nano) ?? 0),
    );
    for (const span of mine) {
      const s = nanosToMs(span.start_time_unix_nano) ?? start;
      const e = nanosToMs(span.end_time_unix_nano);
      rows.push({ span, depth, startMs: s - start, durationMs: e === null ? null : e - s });
      if (depth < 64) visit(span.span_id, depth + 1);
    }
  };
  visit(null, 0);
  return { rows, totalMs: Math.max(0, end - start) };
}
