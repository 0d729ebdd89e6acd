import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ingestionSampleRate, initTracing } from '@llmops/observability';
import { HttpMetrics } from '../observability/http-metrics';
import { requestObserver } from './request-observer.middleware';

const memory = new InMemorySpanExporter();
const metrics = { record: () => undefined } as unknown as HttpMetrics;

/** One request through the middleware: what the handler saw as its active span, then the response. */
function serve(
  observer: ReturnType<typeof requestObserver>,
  path: string,
  status: number,
  headers: Record<string, string> = {},
) {
  const res = Object.assign(new EventEmitter(), { locals: {}, statusCode: status, setHeader: () => undefined });
  const req = { method: 'POST', path, headers, protocol: 'http', baseUrl: '', route: { path } };
  let active: { sampled: boolean; valid: boolean; recording: boolean } | undefined;
  const next: NextFunction = () => {
    // A span the handler starts (the NATS request's CLIENT span) follows the request's decision.
    const child = trace.getTracer('test').startSpan('child');
    const ids = child.spanContext();
    active = {
      valid: trace.isSpanContextValid(ids),
      sampled: (ids.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
      recording: child.isRecording(),
    };
    child.end();
  };
  observer(req as unknown as Request, res as unknown as Response, next);
  res.emit('finish');
  return active;
}

const LOG_METRIC = '/api/2.0/mlflow/runs/log-metric';

describe('requestObserver: the request span and ingestion sampling', () => {
  beforeAll(() => {
    initTracing({
      service: 'gateway-test',
      env: { OTEL_SDK_DISABLED: 'false' },
      processors: [new SimpleSpanProcessor(memory)],
    });
  });
  beforeEach(() => memory.reset());
  const serverSpans = () => memory.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER);

  it('traces every API call by default, ingestion included', () => {
    const child = serve(
      requestObserver(metrics, () => undefined),
      LOG_METRIC,
      200,
    );
    expect(serverSpans().map((s) => s.name)).toEqual([`POST ${LOG_METRIC}`]);
    expect(child).toEqual({ valid: true, sampled: true, recording: true });
  });

  it('samples ingestion calls out at the rate given, with their services, and keeps the rest', () => {
    const observer = requestObserver(metrics, () => undefined, { ingestionSampleRate: 0.25, random: () => 0.5 });
    const child = serve(observer, LOG_METRIC, 200);
    expect(serverSpans()).toEqual([]);
    // Not sampled, but a valid context: the services' spans of the call are not recorded either.
    expect(child).toEqual({ valid: true, sampled: false, recording: false });
    expect(memory.getFinishedSpans()).toEqual([]);
    serve(observer, '/api/2.0/mlflow/runs/create', 200);
    serve(observer, '/ajax-api/2.0/mlflow/runs/log-batch', 200);
    expect(serverSpans().map((s) => s.name)).toEqual(['POST /api/2.0/mlflow/runs/create']);
    const kept = requestObserver(metrics, () => undefined, { ingestionSampleRate: 0.25, random: () => 0.1 });
    serve(kept, LOG_METRIC, 200);
    expect(serverSpans()).toHaveLength(2);
  });

  it("follows a caller's traceparent rather than its own rate", () => {
    const observer = requestObserver(metrics, () => undefined, { ingestionSampleRate: 0, random: () => 0.5 });
    const traceId = 'ab'.repeat(16);
    serve(observer, LOG_METRIC, 200, { traceparent: `00-${traceId}-${'cd'.repeat(8)}-01` });
    expect(serverSpans().map((s) => s.spanContext().traceId)).toEqual([traceId]);
  });

  it('records the request span of a sampled-out call that failed or was refused', () => {
    const observer = requestObserver(metrics, () => undefined, { ingestionSampleRate: 0, random: () => 0.5 });
    serve(observer, LOG_METRIC, 500);
    serve(observer, LOG_METRIC, 400);
    const [failed, refused] = serverSpans();
    expect(failed.name).toBe(`POST ${LOG_METRIC}`);
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['http.response.status_code']).toBe(500);
    expect(refused.attributes['http.response.status_code']).toBe(400);
  });

  it('reads LLMOPS_TRACE_INGESTION_SAMPLE_RATE: 0 to 1, 1 when unset, a bad value named', () => {
    expect(ingestionSampleRate({})).toBe(1);
    expect(ingestionSampleRate({ LLMOPS_TRACE_INGESTION_SAMPLE_RATE: '0.01' })).toBe(0.01);
    expect(ingestionSampleRate({ LLMOPS_TRACE_INGESTION_SAMPLE_RATE: '0' })).toBe(0);
    for (const bad of ['1.5', '-0.1', 'half', '1e-2']) {
      expect(() => ingestionSampleRate({ LLMOPS_TRACE_INGESTION_SAMPLE_RATE: bad })).toThrow(
        /LLMOPS_TRACE_INGESTION_SAMPLE_RATE/,
      );
    }
  });
});
