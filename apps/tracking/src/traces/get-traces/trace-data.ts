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
    // MLflow 3 writes OTLP-like dicts; 2.x wrote `context.{span_id,trace_id}` ("0x..."), `parent_id`,
    // `start_time` / `end_time` (ns), `status_code`, `status_message`, event `timestamp` (µs).
    const context = (typeof s.context === 'object' && s.context !== null ? s.context : {}) as Record<string, unknown>;
    const spanId = hexOf(s.span_id ?? context.span_id);
    if (spanId === undefined || typeof s.name !== 'string') return [];
    const parent = hexOf(s.parent_span_id ?? s.parent_id);
    const status = (typeof s.status === 'object' && s.status !== null ? s.status : {}) as Record<string, unknown>;
    const code = String(status.code ?? s.status_code ?? '');
    const message = status.message ?? s.status_message;
    const end = s.end_time_unix_nano ?? s.end_time;
    return [
      {
        traceId: hexOf(s.trace_id ?? context.trace_id) ?? traceId.replace(/^tr-/, ''),
        spanId,
        ...(parent !== undefined ? { parentSpanId: parent } : {}),
        name: s.name,
        startTimeUnixNano: integerText(s.start_time_unix_nano ?? s.start_time),
        ...(end !== undefined && end !== null ? { endTimeUnixNano: integerText(end) } : {}),
        attributes: attributesOf(s.attributes),
        events: Array.isArray(s.events)
          ? s.events.map((e: Record<string, unknown>) => ({
              name: String(e.name ?? ''),
              timeUnixNano:
                e.time_unix_nano !== undefined
                  ? integerText(e.time_unix_nano)
                  : (BigInt(integerText(e.timestamp)) * 1000n).toString(),
              attributes: attributesOf(e.attributes),
            }))
          : [],
        status: {
          code: code.endsWith('ERROR') ? 2 : code.endsWith('OK') ? 1 : 0,
          ...(typeof message === 'string' && message !== '' ? { message } : {}),
        },
      } satisfies OtlpSpan,
    ];
  });
}

/** A non-negative integer (JSON numbers of nanoseconds lose precision; text is kept exact). */
function integerText(value: unknown): string {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value)).toString();
  return '0';
}

/** Nanosecond times as MLflow writes them: JSON numbers beyond 2^53, which JSON.parse would round. */
const NANO_FIELDS =
  /"(start_time|end_time|start_time_unix_nano|end_time_unix_nano|time_unix_nano|timestamp)"(\s*:\s*)(\d{16,})/g;

/** `traces.json` with its big integer times kept exact (as text). */
export function parseTraceData(text: string): unknown {
  return JSON.parse(text.replace(NANO_FIELDS, '"$1"$2"$3"'));
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
