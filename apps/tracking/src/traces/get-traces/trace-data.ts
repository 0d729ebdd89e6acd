import { OtlpAnyValue, OtlpKeyValue, OtlpSpan } from '@llmops/contract';

/**
 * The spans of MLflow's `traces.json` (`TraceData.to_dict()`: spans as `Span.to_dict()`, ids in
 * base64, attributes as JSON text) in the OTLP/JSON form spans are stored in. Spans that do not
 * read are left out.
 */
export function spansOfTraceData(data: unknown, traceId: string): OtlpSpan[] {
  const spans = (data as { spans?: unknown })?.spans;
  if (!Array.isArray(spans)) return [];
  return spans.flatMap((raw) => {
    const s = raw as Record<string, unknown>;
    const spanId = hexOf(s.span_id ?? s.context);
    if (spanId === undefined || typeof s.name !== 'string') return [];
    const parent = s.parent_span_id ?? s.parent_id;
    const status = (s.status ?? {}) as { code?: string; message?: string; status_code?: string };
    const code = String(status.code ?? status.status_code ?? '');
    return [
      {
        traceId: hexOf(s.trace_id) ?? traceId.replace(/^tr-/, ''),
        spanId,
        ...(typeof parent === 'string' && parent !== '' ? { parentSpanId: hexOf(parent) } : {}),
        name: s.name,
        startTimeUnixNano: String(s.start_time_unix_nano ?? s.start_time_ns ?? 0),
        ...(s.end_time_unix_nano !== undefined && s.end_time_unix_nano !== null
          ? { endTimeUnixNano: String(s.end_time_unix_nano) }
          : {}),
        attributes: attributesOf(s.attributes),
        events: Array.isArray(s.events)
          ? s.events.map((e: Record<string, unknown>) => ({
              name: String(e.name ?? ''),
              timeUnixNano: String(e.time_unix_nano ?? e.timestamp ?? 0),
              attributes: attributesOf(e.attributes),
            }))
          : [],
        status: {
          code: code.endsWith('ERROR') ? 2 : code.endsWith('OK') ? 1 : 0,
          ...(status.message ? { message: status.message } : {}),
        },
      } satisfies OtlpSpan,
    ];
  });
}

/** A 16- or 32-hex id, from MLflow's base64 bytes or already hex (`0x...` in 2.x files). */
function hexOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^0x[0-9a-f]+$/i.test(value)) return value.slice(2).toLowerCase();
  if (/^[0-9a-f]{16}$|^[0-9a-f]{32}$/i.test(value)) return value.toLowerCase();
  const hex = Buffer.from(value, 'base64').toString('hex');
  return hex.length === 16 || hex.length === 32 ? hex : undefined;
}

function attributesOf(value: unknown): OtlpKeyValue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: anyValueOf(v) }));
}

/** MLflow's attribute values are JSON text already; they are kept as that text. */
function anyValueOf(v: unknown): OtlpAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: JSON.stringify(v) };
}
