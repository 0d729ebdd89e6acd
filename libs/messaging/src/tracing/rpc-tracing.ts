import {
  Attributes,
  Context,
  context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';

/** Instrumentation scope of the platform's NATS (and in-process bus) spans. */
export const MESSAGING_TRACER = '@llmops/messaging';

/**
 * Subjects never traced: health probes and presence heartbeats (every few seconds, they would
 * bury the requests worth reading), and the trace ingestion subject itself (tracing the export of
 * spans would produce spans to export, for ever).
 */
export const UNTRACED_SUBJECTS = /\.(health|readiness)$|^presence\.|\.traces\.ingest-otlp$/;

function tracer(): Tracer {
  return trace.getTracer(MESSAGING_TRACER);
}

/** The attributes of a NATS request span (OpenTelemetry messaging conventions). */
export function messagingAttributes(subject: string, operation: 'send' | 'process' | 'receive'): Attributes {
  return {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    'messaging.operation.type': operation,
  };
}

/** W3C trace context (`traceparent`, `tracestate`) of the given context, as message headers. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** The remote context carried in message headers (a plain record or NATS headers). */
export function contextFromHeaders(headers: unknown): Context {
  if (!headers) return ROOT_CONTEXT;
  const get = (headers as { get?: (key: string) => string }).get;
  const read = (key: string): string | undefined => {
    if (typeof get === 'function') {
      const value = get.call(headers, key);
      return value === '' ? undefined : value;
    }
    const value = (headers as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  return propagation.extract(ROOT_CONTEXT, headers, {
    keys: () => ['traceparent', 'tracestate'].filter((k) => read(k) !== undefined),
    get: (_carrier, key) => read(key),
  });
}

/**
 * Runs a request as a CLIENT span named after its subject, with the span's context injected into
 * the headers the transport sends (so the handler's SERVER span continues the same trace). A
 * failed request ends the span as an error with the platform's error code.
 */
export async function tracedRequest<T>(
  subject: string,
  headers: Record<string, string> | undefined,
  send: (headers: Record<string, string> | undefined) => Promise<T>,
): Promise<T> {
  if (UNTRACED_SUBJECTS.test(subject)) return send(headers);
  return tracer().startActiveSpan(
    subject,
    { kind: SpanKind.CLIENT, attributes: messagingAttributes(subject, 'send') },
    async (span) => {
      const carried = { ...(headers ?? {}), ...traceHeaders() };
      try {
        return await send(carried);
      } catch (error) {
        recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Marks a span failed with the error's stable code (or its name) and message. */
export function recordError(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') span.setAttribute('error.type', code);
  else if (error instanceof Error) span.setAttribute('error.type', error.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
