import { Attributes, context, Link, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** Instrumentation scope of the platform's own spans (model, batch, Delta, gate). */
export const PLATFORM_TRACER = '@llmops/platform';

/**
 * Runs `fn` in an active INTERNAL span: child spans and log lines inside belong to it; a throw ends
 * it as an error (with the platform's error code) and is rethrown. A no-op without a provider.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: { links?: Link[]; kind?: SpanKind } = {},
): Promise<T> {
  return trace
    .getTracer(PLATFORM_TRACER)
    .startActiveSpan(
      name,
      { attributes, links: options.links, kind: options.kind ?? SpanKind.INTERNAL },
      async (span) => {
        try {
          const result = await fn(span);
          span.setStatus({ code: SpanStatusCode.OK });
          return result;
        } catch (error) {
          failSpan(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
}

/** A span for work measured elsewhere (the model's child process reports its own times). */
export function recordSpan(name: string, startMs: number, endMs: number, attributes: Attributes = {}): void {
  const span = trace.getTracer(PLATFORM_TRACER).startSpan(name, { attributes, startTime: startMs }, context.active());
  span.end(Math.max(startMs, endMs));
}

export function failSpan(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  span.setAttribute('error.type', typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error');
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** The ids of the active span, for log lines (empty when there is none). */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const ids = span.spanContext();
  if (!trace.isSpanContextValid(ids)) return undefined;
  return { trace_id: ids.traceId, span_id: ids.spanId };
}

/** A text cut to a preview (MLflow keeps request/response previews short the same way). */
export function preview(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit))}…`;
}
