import {
  InvalidParameterError,
  OtlpAnyValue,
  OtlpExportTraceServiceRequest,
  OtlpSpan,
  TRACE_LIMITS,
  TRACE_METADATA_ATTRIBUTE_PREFIX,
} from '@llmops/contract';
import { StoredSpan, traceIdOfOtel } from './domain/trace';
import { SpanBatchSummary } from './domain/trace.repository';
import { checkedMap } from './trace-lookup';

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX16 = /^[0-9a-fA-F]{16}$/;
const NANOS = /^\d{1,20}$/;
/** MLflow keeps 1,000 characters of a trace's request and response in its info (full text in the spans). */
const PREVIEW_LENGTH = 1000;

/** The spans of an export request, checked (a bad span refuses the request: nothing is stored). */
export function spansOfRequest(request: OtlpExportTraceServiceRequest): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  if (typeof request !== 'object' || request === null) throw new InvalidParameterError('Invalid OTLP request');
  for (const [r, resource] of list(request.resourceSpans, 'resourceSpans').entries()) {
    for (const [s, scope] of list(resource?.scopeSpans, `resourceSpans[${r}].scopeSpans`).entries()) {
      for (const [i, span] of list(scope?.spans, `resourceSpans[${r}].scopeSpans[${s}].spans`).entries()) {
        checkSpan(span, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`);
        spans.push(span);
        if (spans.length > TRACE_LIMITS.maxSpansPerIngest) {
          throw new InvalidParameterError(
            `An OTLP request carries at most ${TRACE_LIMITS.maxSpansPerIngest} spans; send them in several requests`,
          );
        }
      }
    }
  }
  return spans;
}

function list<T>(value: T[] | undefined, where: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidParameterError(`Invalid OTLP request: ${where} must be a list`);
  return value;
}

function checkSpan(span: OtlpSpan, where: string): void {
  if (typeof span !== 'object' || span === null) throw new InvalidParameterError(`Invalid OTLP span at ${where}`);
  const bad = (what: string) => new InvalidParameterError(`Invalid OTLP span at ${where}: ${what}`);
  if (typeof span.traceId !== 'string' || !HEX32.test(span.traceId) || /^0+$/.test(span.traceId))
    throw bad('traceId must be 32 hex characters, not all zero');
  if (typeof span.spanId !== 'string' || !HEX16.test(span.spanId) || /^0+$/.test(span.spanId))
    throw bad('spanId must be 16 hex characters, not all zero');
  if (span.parentSpanId !== undefined && span.parentSpanId !== '' && !HEX16.test(String(span.parentSpanId)))
    throw bad('parentSpanId must be 16 hex characters');
  if (typeof span.name !== 'string' || span.name.length > 10_000) throw bad('name must be a string');
  if (!NANOS.test(String(span.startTimeUnixNano ?? ''))) throw bad('startTimeUnixNano must be an unsigned integer');
  const end = span.endTimeUnixNano;
  if (end !== undefined && end !== null && !NANOS.test(String(end)))
    throw bad('endTimeUnixNano must be an unsigned integer');
  if (span.attributes !== undefined && !Array.isArray(span.attributes)) throw bad('attributes must be a list');
  if (span.events !== undefined && !Array.isArray(span.events)) throw bad('events must be a list');
  const code = span.status?.code ?? 0;
  if (![0, 1, 2].includes(Number(code))) throw bad('status.code must be 0, 1 or 2');
}

/** The plain value of an OTLP AnyValue (what MLflow's `_decode_otel_proto_anyvalue` gives). */
export function plainOf(value: OtlpAnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainOf);
  if (value.kvlistValue)
    return Object.fromEntries((value.kvlistValue.values ?? []).map((kv) => [kv.key, plainOf(kv.value)]));
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/**
 * An attribute's value: MLflow's clients write span attributes as JSON text (`"\"LLM\""`), other
 * OpenTelemetry senders as plain values; both read as the value they stand for.
 */
export function attributeOf(span: OtlpSpan, key: string): unknown {
  const found = span.attributes?.find((a) => a.key === key);
  if (!found) return undefined;
  const plain = plainOf(found.value);
  if (typeof plain !== 'string') return plain;
  try {
    return JSON.parse(plain);
  } catch {
    return plain;
  }
}

export function toStoredSpan(span: OtlpSpan): StoredSpan {
  const spanType = attributeOf(span, 'mlflow.spanType');
  const end = span.endTimeUnixNano;
  return {
    traceId: traceIdOfOtel(span.traceId),
    spanId: span.spanId.toLowerCase(),
    parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
    name: span.name,
    spanType: typeof spanType === 'string' ? spanType.slice(0, 500) : null,
    statusCode: Number(span.status?.code ?? 0),
    startTimeNs: BigInt(span.startTimeUnixNano),
    endTimeNs: end === undefined || end === null || String(end) === '0' ? null : BigInt(end),
    span: {
      ...span,
      traceId: span.traceId.toLowerCase(),
      spanId: span.spanId.toLowerCase(),
      ...(span.parentSpanId ? { parentSpanId: span.parentSpanId.toLowerCase() } : {}),
    },
  };
}

/** What a batch of one trace's spans says about the trace (as MLflow's log_spans derives it). */
export function summarise(experimentId: string, spans: StoredSpan[]): SpanBatchSummary {
  const ms = (ns: bigint) => Number(ns / 1_000_000n);
  const ends = spans.filter((s) => s.endTimeNs !== null).map((s) => s.endTimeNs as bigint);
  const root = spans.find((s) => s.parentSpanId === null);
  // The attribute's text as sent (MLflow's clients send JSON text), or a plain value as JSON.
  const preview = (key: string) => {
    const found = root?.span.attributes?.find((a) => a.key === key);
    if (!found) return null;
    const value = plainOf(found.value);
    if (value === undefined || value === null) return null;
    return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, PREVIEW_LENGTH);
  };
  return {
    traceId: spans[0].traceId,
    experimentId,
    minStartMs: ms(spans.reduce((a, s) => (s.startTimeNs < a ? s.startTimeNs : a), spans[0].startTimeNs)),
    maxEndMs: ends.length === 0 ? null : ms(ends.reduce((a, e) => (e > a ? e : a))),
    rootState: root ? (root.statusCode === 2 ? 'ERROR' : 'OK') : null,
    rootName: root ? root.name : null,
    requestPreview: preview('mlflow.spanInputs'),
    responsePreview: preview('mlflow.spanOutputs'),
    metadata: checkedMap(metadataOf(spans), 'trace metadata'),
  };
}

/** `mlflow.trace.metadata.<key>` attributes of the spans, as their plain text (MLflow JSON text read). */
function metadataOf(spans: StoredSpan[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of spans) {
    for (const a of s.span.attributes ?? []) {
      if (!a.key.startsWith(TRACE_METADATA_ATTRIBUTE_PREFIX)) continue;
      const value = attributeOf(s.span, a.key);
      out[a.key.slice(TRACE_METADATA_ATTRIBUTE_PREFIX.length)] =
        typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out;
}
