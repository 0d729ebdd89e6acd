import type { NextFunction, Request, Response } from 'express';
import {
  context as otelContext,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-base';
import { CallerIdentity, RPC_HEADERS } from '@llmops/contract';
import { HttpMetrics } from '../observability/http-metrics';
import { RequestLogSink } from '../observability/request-log';
import { correlationIdFrom, runInRequestContext } from './request-context';

/**
 * First middleware of every request: picks the correlation id (the caller's or a new one), returns
 * it in the response, and when the response is
 * done writes one log line and the metrics, labelled by route pattern (never by raw path, which
 * would make a time series per run id).
 */
export interface RequestObserverOptions {
  /**
   * Share of ingestion calls (INGESTION_PATHS) that start a trace (LLMOPS_TRACE_INGESTION_SAMPLE_RATE;
   * 1, the default: all). A call whose caller sent a `traceparent` follows the caller's decision.
   */
  ingestionSampleRate?: number;
  random?: () => number;
}

export function requestObserver(metrics: HttpMetrics, log: RequestLogSink, options: RequestObserverOptions = {}) {
  const rate = options.ingestionSampleRate ?? 1;
  const random = options.random ?? Math.random;
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const correlationId = correlationIdFrom(req.headers[RPC_HEADERS.correlationId]);
    res.setHeader(RPC_HEADERS.correlationId, correlationId);
    // The SERVER span of the request, continuing the caller's W3C `traceparent` when it sent one.
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const attributes = () => ({
      'http.request.method': req.method,
      'url.path': req.path,
      'url.scheme': req.protocol,
      'llmops.correlation_id': correlationId,
    });
    const traced = TRACED_PATHS.test(req.path);
    const sampledOut =
      traced && rate < 1 && INGESTION_PATHS.test(req.path) && !trace.getSpanContext(parent) && random() >= rate;
    const startedAt = sampledOut ? Date.now() : 0;
    const span = !traced
      ? trace.wrapSpanContext(INVALID_SPAN_CONTEXT)
      : sampledOut
        ? // A valid context that says "not sampled": the services' spans of the call are not
          // recorded either (parent-based sampling), where no context would start a trace there.
          trace.wrapSpanContext({
            traceId: ids.generateTraceId(),
            spanId: ids.generateSpanId(),
            traceFlags: TraceFlags.NONE,
          })
        : trace
            .getTracer(HTTP_TRACER)
            .startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: attributes() }, parent);
    const spanContext = trace.setSpan(parent, span);
    res.locals.traceContext = spanContext;
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      const errorCode = res.statusCode >= 400 ? (res.locals.errorCode as string | undefined) : undefined;
      if (sampledOut && res.statusCode >= 400) {
        // A refused or failed call is traced all the same: its request span alone, in a trace of its own.
        const late = trace
          .getTracer(HTTP_TRACER)
          .startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: attributes(), startTime: startedAt });
        endHttpSpan(late, req.method, route, res.statusCode, errorCode);
      } else endHttpSpan(span, req.method, route, res.statusCode, errorCode);
      metrics.record({ method: req.method, route, status: res.statusCode, seconds, errorCode });
      log({
        time: new Date().toISOString(),
        level: res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        msg: 'request',
        method: req.method,
        path: req.path,
        route,
        status: res.statusCode,
        duration_ms: Math.round(seconds * 1e6) / 1e3,
        correlation_id: correlationId,
        ...(errorCode ? { error_code: errorCode } : {}),
        ...traceIdsOf(span),
      });
    });
    res.locals.correlationId = correlationId;
    otelContext.with(spanContext, next);
  };
}

const HTTP_TRACER = '@llmops/gateway';

/**
 * The API is traced; probes, /metrics, the dashboard's files and the OTLP endpoint are not (every
 * scrape and asset would be a trace in the store, and spans about receiving spans are noise).
 */
const TRACED_PATHS = /^\/(ajax-)?api\//;

/**
 * MLflow's run logging: the calls a training loop makes at high rate, where a trace per call costs
 * as much as the call (LLMOPS_TRACE_INGESTION_SAMPLE_RATE samples them; docs/observability.md).
 */
export const INGESTION_PATHS =
  /^\/(ajax-)?api\/2\.0\/mlflow\/runs\/(log-metric|log-batch|log-parameter|set-tag|log-inputs)$/;

const ids = new RandomIdGenerator();

function endHttpSpan(span: Span, method: string, route: string, status: number, errorCode?: string): void {
  span.updateName(`${method} ${route}`);
  span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
  if (errorCode) span.setAttribute('error.type', errorCode);
  // Server spans: only 5xx is the server's failure (OpenTelemetry HTTP conventions).
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode });
  span.end();
}

function traceIdsOf(span: Span): { trace_id?: string; span_id?: string } {
  const ids = span.spanContext();
  return trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/**
 * Makes the correlation id visible to the code serving the request. Registered after the body
 * parser: a stream's 'end' callback runs in the socket's async context, which would lose it.
 */
export function requestContextBinder() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const traceContext =
      (res.locals.traceContext as ReturnType<typeof otelContext.active> | undefined) ?? otelContext.active();
    runInRequestContext(
      { correlationId: res.locals.correlationId as string, caller: res.locals.caller as CallerIdentity | undefined },
      () => otelContext.with(traceContext, next),
    );
  };
}

function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}`;
  if (req.res?.locals.dashboard === true) return 'dashboard';
  return 'unmatched';
}
