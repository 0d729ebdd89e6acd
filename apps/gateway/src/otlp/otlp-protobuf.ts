import { InvalidParameterError, OtlpAnyValue, OtlpExportTraceServiceRequest, OtlpKeyValue } from '@llmops/contract';
import { Root, Type } from 'protobufjs';

/**
 * OpenTelemetry's `ExportTraceServiceRequest` (opentelemetry-proto v1: collector/trace/v1,
 * trace/v1, common/v1, resource/v1), as a protobufjs descriptor: the messages `POST /v1/traces`
 * decodes. Enums are read as their numbers, as OTLP/JSON writes them.
 */
const kv = { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } };
const DESCRIPTOR = {
  nested: {
    otlp: {
      nested: {
        ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
        ResourceSpans: {
          fields: {
            resource: { type: 'Resource', id: 1 },
            scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        Resource: {
          fields: {
            attributes: { rule: 'repeated', type: 'KeyValue', id: 1 },
            droppedAttributesCount: { type: 'uint32', id: 2 },
          },
        },
        ScopeSpans: {
          fields: {
            scope: { type: 'InstrumentationScope', id: 1 },
            spans: { rule: 'repeated', type: 'Span', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        InstrumentationScope: {
          fields: {
            name: { type: 'string', id: 1 },
            version: { type: 'string', id: 2 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
            droppedAttributesCount: { type: 'uint32', id: 4 },
          },
        },
        Span: {
          fields: {
            traceId: { type: 'bytes', id: 1 },
            spanId: { type: 'bytes', id: 2 },
            traceState: { type: 'string', id: 3 },
            parentSpanId: { type: 'bytes', id: 4 },
            flags: { type: 'fixed32', id: 16 },
            name: { type: 'string', id: 5 },
            kind: { type: 'int32', id: 6 },
            startTimeUnixNano: { type: 'fixed64', id: 7 },
            endTimeUnixNano: { type: 'fixed64', id: 8 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
            droppedAttributesCount: { type: 'uint32', id: 10 },
            events: { rule: 'repeated', type: 'Event', id: 11 },
            droppedEventsCount: { type: 'uint32', id: 12 },
            links: { rule: 'repeated', type: 'Link', id: 13 },
            droppedLinksCount: { type: 'uint32', id: 14 },
            status: { type: 'Status', id: 15 },
          },
        },
        Event: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 },
            name: { type: 'string', id: 2 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
            droppedAttributesCount: { type: 'uint32', id: 4 },
          },
        },
        Link: {
          fields: {
            traceId: { type: 'bytes', id: 1 },
            spanId: { type: 'bytes', id: 2 },
            traceState: { type: 'string', id: 3 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 4 },
            droppedAttributesCount: { type: 'uint32', id: 5 },
            flags: { type: 'fixed32', id: 6 },
          },
        },
        Status: { fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } } },
        KeyValue: { fields: kv },
        AnyValue: {
          oneofs: {
            value: {
              oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
            },
          },
          fields: {
            stringValue: { type: 'string', id: 1 },
            boolValue: { type: 'bool', id: 2 },
            intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 },
            arrayValue: { type: 'ArrayValue', id: 5 },
            kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
        KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
      },
    },
  },
};

const ROOT = Root.fromJSON(DESCRIPTOR);
export const EXPORT_TRACE_SERVICE_REQUEST: Type = ROOT.lookupType('otlp.ExportTraceServiceRequest');
/** How deep attribute values may nest (arrays and key/value lists inside each other). */
const MAX_VALUE_DEPTH = 16;

/** A protobuf body in OTLP/JSON form (ids as hex, 64-bit integers as decimal strings). */
export function decodeOtlpProtobuf(body: Buffer): OtlpExportTraceServiceRequest {
  let plain: Record<string, unknown>;
  try {
    const message = EXPORT_TRACE_SERVICE_REQUEST.decode(body);
    plain = EXPORT_TRACE_SERVICE_REQUEST.toObject(message, { longs: String, bytes: String, defaults: false });
  } catch (error) {
    // Truncated or mistyped fields, and absurd nesting (RangeError), are the sender's problem.
    throw new InvalidParameterError(`Invalid OpenTelemetry protobuf format: ${(error as Error).message}`);
  }
  const resourceSpans = (plain.resourceSpans ?? []) as Array<Record<string, unknown>>;
  if (resourceSpans.length === 0) {
    throw new InvalidParameterError('Invalid OpenTelemetry protobuf format - no spans found');
  }
  return {
    resourceSpans: resourceSpans.map((rs) => ({
      ...rs,
      resource: rs.resource ? withAttributes(rs.resource as Record<string, unknown>) : undefined,
      scopeSpans: ((rs.scopeSpans ?? []) as Array<Record<string, unknown>>).map((ss) => ({
        ...ss,
        scope: ss.scope ? withAttributes(ss.scope as Record<string, unknown>) : undefined,
        spans: ((ss.spans ?? []) as Array<Record<string, unknown>>).map((span) => ({
          ...withAttributes(span),
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          ...(span.parentSpanId ? { parentSpanId: hex(span.parentSpanId) } : {}),
          name: (span.name as string | undefined) ?? '',
          startTimeUnixNano: (span.startTimeUnixNano as string | undefined) ?? '0',
          events: ((span.events ?? []) as Array<Record<string, unknown>>).map(withAttributes),
          links: ((span.links ?? []) as Array<Record<string, unknown>>).map((l) => ({
            ...withAttributes(l),
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
          })),
        })),
      })),
    })),
  } as unknown as OtlpExportTraceServiceRequest;
}

const hex = (base64: unknown) => Buffer.from(String(base64 ?? ''), 'base64').toString('hex');

function withAttributes<T extends Record<string, unknown>>(o: T): T {
  return o.attributes ? { ...o, attributes: keyValues(o.attributes as OtlpKeyValue[], 0) } : o;
}

function keyValues(list: OtlpKeyValue[] | undefined, depth: number): OtlpKeyValue[] {
  return (list ?? []).map((kv) => ({ key: kv.key ?? '', value: anyValue(kv.value, depth) }));
}

/** Keeps the value as decoded; bytes stay base64 (OTLP/JSON's form), nesting is bounded. */
function anyValue(v: OtlpAnyValue | undefined, depth: number): OtlpAnyValue {
  if (!v) return {};
  if (depth > MAX_VALUE_DEPTH) throw new InvalidParameterError(`Attribute values nest deeper than ${MAX_VALUE_DEPTH}`);
  if (v.arrayValue) return { arrayValue: { values: (v.arrayValue.values ?? []).map((x) => anyValue(x, depth + 1)) } };
  if (v.kvlistValue) return { kvlistValue: { values: keyValues(v.kvlistValue.values, depth + 1) } };
  return v;
}
