import { CallHandler, ExecutionContext, Injectable, LoggerService, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { RPC_HEADERS } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';
import { Counter, Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';

export interface RpcLogOptions {
  logger: LoggerService;
  /** Where the request counter and duration histogram go (the service's ops registry). */
  registry?: Registry;
  /**
   * Subjects logged at debug level only: health probes arrive every few seconds from the gateway's
   * /readyz and would drown the requests worth reading.
   */
  quietSubjects?: RegExp;
}

/** One JSON log line a request served: what the request log of an HTTP server would say, for NATS. */
export interface RpcLogEntry {
  message: 'rpc';
  subject: string;
  outcome: string;
  duration_ms: number;
  correlation_id?: string;
  error?: string;
}

const DEFAULT_QUIET = /\.(health|readiness)$/;

/**
 * Logs every message a service handles (subject, outcome: `ok` or the error code, duration, and
 * the `x-correlation-id` the gateway set), so one id follows a request from the HTTP edge into
 * each service's logs. Counts the same on Prometheus when given a registry.
 */
@Injectable()
export class RpcLogInterceptor implements NestInterceptor {
  private readonly requests?: Counter<'subject' | 'outcome'>;
  private readonly duration?: Histogram<'subject'>;
  private readonly quiet: RegExp;

  constructor(private readonly options: RpcLogOptions) {
    this.quiet = options.quietSubjects ?? DEFAULT_QUIET;
    if (options.registry) {
      this.requests = new Counter({
        name: 'llmops_rpc_requests_total',
        help: 'Messages handled, by subject and outcome (ok or the error code)',
        labelNames: ['subject', 'outcome'],
        registers: [options.registry],
      });
      this.duration = new Histogram({
        name: 'llmops_rpc_request_duration_seconds',
        help: 'Time to handle a message, by subject',
        labelNames: ['subject'],
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
        registers: [options.registry],
      });
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpcContext = context.switchToRpc().getContext();
    const subject = subjectOf(rpcContext, context.getHandler());
    const correlationId = rpcHeader(rpcContext, RPC_HEADERS.correlationId);
    const started = process.hrtime.bigint();
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      this.record(subject, started, correlationId, error);
    };
    return next.handle().pipe(tap({ error: (error: unknown) => finish(error), complete: () => finish() }));
  }

  private record(subject: string, started: bigint, correlationId: string | undefined, error?: unknown): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome = error === undefined ? 'ok' : errorCodeOf(error);
    this.requests?.inc({ subject, outcome });
    this.duration?.observe({ subject }, seconds);
    const entry: RpcLogEntry = {
      message: 'rpc',
      subject,
      outcome,
      duration_ms: Math.round(seconds * 1e4) / 10,
      ...(correlationId ? { correlation_id: correlationId } : {}),
      ...(error !== undefined ? { error: error instanceof Error ? error.message : String(error) } : {}),
    };
    if (error !== undefined && outcome === 'INTERNAL_ERROR') this.options.logger.error(entry, 'Rpc');
    else if (this.quiet.test(subject)) this.options.logger.debug?.(entry, 'Rpc');
    else this.options.logger.log(entry, 'Rpc');
  }
}

function subjectOf(rpcContext: unknown, handler: object): string {
  const fromContext = (rpcContext as { getSubject?: () => unknown } | undefined)?.getSubject?.();
  if (typeof fromContext === 'string') return fromContext;
  const patterns = Reflect.getMetadata(PATTERN_METADATA, handler) as unknown[] | undefined;
  const first = patterns?.[0];
  return typeof first === 'string' ? first : JSON.stringify(first ?? 'unknown');
}

/** The platform's named errors carry a stable string code; anything else is an internal error. */
function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL_ERROR';
}
