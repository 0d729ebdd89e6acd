import { diag, DiagLogLevel } from '@opentelemetry/api';
import { JsonLogger } from '../json-logger';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NodeTracerProvider,
  ReadableSpan,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Context } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace-node';

/**
 * The process's tracing: OpenTelemetry's Node SDK, registered globally once per process (every
 * `@opentelemetry/api` call in the libraries and apps then records real spans). Exporters come
 * from the standard `OTEL_*` variables at start; the platform's own trace store is added once the
 * process has its message client (`addExporter`).
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports every span from now on to this exporter too (batched); the answer removes it again. */
  addExporter(exporter: SpanExporter): () => Promise<void>;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name` unless `OTEL_SERVICE_NAME` says otherwise (embedded mode: `llmops`). */
  service: string;
  env?: NodeJS.ProcessEnv;
  /** Span processors for tests (e.g. a SimpleSpanProcessor over an InMemorySpanExporter). */
  processors?: SpanProcessor[];
  /**
   * Patch the `pg` driver (OpenTelemetry's pg instrumentation) for PostgreSQL query spans. It hooks
   * `require`, so it only sees `pg` loaded after this call (TypeORM loads it when the DataSource is
   * built) and never under Jest's module loader; PGlite (embedded) has no driver to patch.
   */
  instrumentPostgres?: boolean;
  /** Batch export delay; short in tests that wait for exported spans. */
  scheduledDelayMillis?: number;
}

/**
 * Span processors added after the provider was built: the SDK 2.x provider takes its processors
 * in the constructor only, and the platform's exporter needs the RPC client that exists later.
 */
class DelegatingSpanProcessor implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];

  onStart(span: Span, parentContext: Context): void {
    for (const p of this.processors) p.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    for (const p of this.processors) p.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}

const DISABLED: Tracing = {
  enabled: false,
  addExporter: () => async () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

let current: Tracing | undefined;

/** Whether tracing is on: `OTEL_SDK_DISABLED=true` turns it off (the API then records nothing). */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() !== 'true';
}

/**
 * Exporters the standard variables ask for: `OTEL_TRACES_EXPORTER` (comma list of `otlp`,
 * `console`, `none`); `otlp` is also implied by an `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`. The OTLP
 * exporter reads its endpoint, headers, timeout and compression from the same variables.
 */
export function exportersFromEnv(env: NodeJS.ProcessEnv): SpanExporter[] {
  const listed = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const wanted = new Set(listed.length > 0 ? listed : endpoint ? ['otlp'] : []);
  if (wanted.has('none')) return [];
  const exporters: SpanExporter[] = [];
  if (wanted.has('otlp')) exporters.push(new OTLPTraceExporter());
  if (wanted.has('console')) exporters.push(new ConsoleSpanExporter());
  return exporters;
}

/**
 * Starts tracing for this process (idempotent: a second call returns the first one's, as the
 * global provider can be set once). Sampling follows `OTEL_TRACES_SAMPLER` /
 * `OTEL_TRACES_SAMPLER_ARG` (default: parent-based, always on), per process, hence per service.
 */
export function initTracing(options: TracingOptions): Tracing {
  if (current) return current;
  const env = options.env ?? process.env;
  if (!tracingEnabled(env)) return (current = DISABLED);
  // The SDK's own warnings (a failed export) as the process's JSON log lines, not bare text.
  const logger = new JsonLogger({ service: options.service });
  diag.setLogger(
    {
      error: (message) => logger.error({ message: `OpenTelemetry: ${message}` }, 'Tracing'),
      warn: (message) => logger.warn({ message: `OpenTelemetry: ${message}` }, 'Tracing'),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  const delegating = new DelegatingSpanProcessor();
  const batch = (exporter: SpanExporter) =>
    new BatchSpanProcessor(exporter, {
      ...(options.scheduledDelayMillis !== undefined ? { scheduledDelayMillis: options.scheduledDelayMillis } : {}),
    });
  for (const exporter of exportersFromEnv(env)) delegating.processors.push(batch(exporter));
  delegating.processors.push(...(options.processors ?? []));
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.service,
    [ATTR_SERVICE_VERSION]: process.env.npm_package_version ?? '0.1.0',
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [delegating] });
  // AsyncLocalStorage context, W3C trace context + baggage propagation (or OTEL_PROPAGATORS).
  provider.register();
  if (options.instrumentPostgres) {
    // Only queries inside a request's trace: pool housekeeping would make a root trace each. No
    // `pg-pool.connect` span per checkout: a span per query is what is read, and each span is
    // exported and stored (a pooled checkout takes microseconds).
    registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true })],
    });
  }
  current = {
    enabled: true,
    addExporter: (exporter) => {
      const processor = batch(exporter);
      delegating.processors.push(processor);
      return async () => {
        const at = delegating.processors.indexOf(processor);
        if (at >= 0) delegating.processors.splice(at, 1);
        await processor.shutdown();
      };
    },
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return current;
}

/** The process's tracing, if started. */
export function currentTracing(): Tracing {
  return current ?? DISABLED;
}
