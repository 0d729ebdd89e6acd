import { context } from '@opentelemetry/api';
import { ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
// The function behind OpenTelemetry's own JSON serializer (JsonTraceSerializer.serializeRequest is
// JSON.stringify of its answer), taken before the text: the request is sent as an object, and
// serialising then parsing back each export cost the exporting process about as much as the
// spans themselves. The package is pinned (package.json); the spec checks the shape.
import { createExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal';
import { JSON_ENCODER } from '@opentelemetry/otlp-transformer/build/src/common/utils';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { RpcClient } from '@llmops/messaging';

export interface RpcSpanExporterOptions {
  /** The trace store's ingestion subject (`SUBJECTS.tracking.traces.ingestOtlp`). */
  subject: string;
  /** Experiment the traces go to; the store's default when absent. */
  experimentId?: string;
  /** Spans per request: the store refuses bigger ones (`TRACE_LIMITS.maxSpansPerIngest`). */
  maxSpansPerRequest?: number;
  timeoutMs?: number;
}

/**
 * A span exporter into the platform's own trace store: OTLP/JSON (as OpenTelemetry's own JSON
 * serializer writes it) sent as `{experimentId, request}` over the RPC client, so any service can
 * export through NATS or the in-process bus with no collector. The request runs with tracing
 * suppressed: exporting spans must not make spans to export.
 */
export class RpcSpanExporter implements SpanExporter {
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly rpc: Pick<RpcClient, 'request'>,
    private readonly options: RpcSpanExporterOptions,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter shut down') });
      return;
    }
    const sent = context.with(suppressTracing(context.active()), () => this.send(spans));
    this.pending.add(sent);
    sent.then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        resultCallback({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    void sent.catch(() => undefined).finally(() => this.pending.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.forceFlush();
  }

  private async send(spans: ReadableSpan[]): Promise<void> {
    const size = Math.max(1, this.options.maxSpansPerRequest ?? 1000);
    for (let i = 0; i < spans.length; i += size) {
      const request = createExportTraceServiceRequest(spans.slice(i, i + size), JSON_ENCODER);
      await this.rpc.request(
        this.options.subject,
        { ...(this.options.experimentId ? { experimentId: this.options.experimentId } : {}), request },
        { timeoutMs: this.options.timeoutMs },
      );
    }
  }
}
