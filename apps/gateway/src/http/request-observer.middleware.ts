import type { NextFunction, Request, Response } from 'express';
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
export function requestObserver(metrics: HttpMetrics, log: RequestLogSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const correlationId = correlationIdFrom(req.headers[RPC_HEADERS.correlationId]);
    res.setHeader(RPC_HEADERS.correlationId, correlationId);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req);
      const errorCode = res.statusCode >= 400 ? (res.locals.errorCode as string | undefined) : undefined;
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
      });
    });
    res.locals.correlationId = correlationId;
    next();
  };
}

/**
 * Makes the correlation id visible to the code serving the request. Registered after the body
 * parser: a stream's 'end' callback runs in the socket's async context, which would lose it.
 */
export function requestContextBinder() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    runInRequestContext(
      { correlationId: res.locals.correlationId as string, caller: res.locals.caller as CallerIdentity | undefined },
      next,
    );
  };
}

function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}`;
  if (req.res?.locals.dashboard === true) return 'dashboard';
  return 'unmatched';
}
