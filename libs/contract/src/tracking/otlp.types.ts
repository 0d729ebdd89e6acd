/**
 * OpenTelemetry's trace export request in its OTLP/JSON form (opentelemetry-proto
 * `collector/trace/v1/trace_service.proto`, JSON mapping of the OTLP spec): ids are hex strings
 * (trace 32, span 16 characters), 64-bit integers are decimal strings (numbers accepted), enums
 * are numbers. The gateway's `POST /v1/traces` decodes protobuf bodies into this shape, and
 * services send their own spans in it (`SUBJECTS.tracking.traces.ingestOtlp`).
 */
export interface OtlpExportTraceServiceRequest {
  resourceSpans?: OtlpResourceSpans[];
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number };
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

export interface OtlpScopeSpans {
  scope?: { name?: string; version?: string; attributes?: OtlpKeyValue[]; droppedAttributesCount?: number };
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

/** `Span.SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type OtlpSpanKind = 0 | 1 | 2 | 3 | 4 | 5;

/** `Status.StatusCode`: 0 unset, 1 ok, 2 error. */
export type OtlpStatusCode = 0 | 1 | 2;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  /** Absent or empty for a root span. */
  parentSpanId?: string;
  flags?: number;
  name: string;
  kind?: OtlpSpanKind;
  startTimeUnixNano: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpSpanEvent[];
  droppedEventsCount?: number;
  links?: OtlpSpanLink[];
  droppedLinksCount?: number;
  status?: { message?: string; code?: OtlpStatusCode };
}

export interface OtlpSpanEvent {
  timeUnixNano: string | number;
  name: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpSpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** Exactly one field is set (`bytesValue` is base64). */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}
