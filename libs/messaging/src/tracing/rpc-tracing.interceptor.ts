import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { context as otelContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import {
  contextFromHeaders,
  MESSAGING_TRACER,
  messagingAttributes,
  recordError,
  UNTRACED_SUBJECTS,
} from './rpc-tracing';

/**
 * A SERVER span around every message a service handles, continuing the trace whose context came
 * in the message headers (NATS headers, or the in-process bus's), and active while the handler
 * runs: spans and log lines of the handler (and its own requests) belong to the caller's trace.
 * With no tracer provider registered (tests, tracing off), the API's no-op tracer costs nothing.
 */
@Injectable()
export class RpcTracingInterceptor implements NestInterceptor {
  constructor(private readonly service: string) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpcContext = context.switchToRpc().getContext<{ getHeaders?: () => unknown; getSubject?: () => unknown }>();
    const subject = subjectOf(rpcContext, context.getHandler());
    if (UNTRACED_SUBJECTS.test(subject)) return next.handle();
    const parent = contextFromHeaders(rpcContext?.getHeaders?.());
    const span = trace.getTracer(MESSAGING_TRACER).startSpan(
      subject,
      {
        kind: SpanKind.SERVER,
        attributes: { ...messagingAttributes(subject, 'process'), 'service.name': this.service },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) => {
      // Both the handle() call and the subscription run in the span's context: Nest binds the
      // handler's invocation to the async context current when handle() is called.
      const subscription = otelContext.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            recordError(span, error);
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.setStatus({ code: SpanStatusCode.OK });
            span.end();
            subscriber.complete();
          },
        }),
      );
      return () => subscription.unsubscribe();
    });
  }
}

function subjectOf(rpcContext: { getSubject?: () => unknown } | undefined, handler: object): string {
  const fromContext = rpcContext?.getSubject?.();
  if (typeof fromContext === 'string') return fromContext;
  const patterns = Reflect.getMetadata(PATTERN_METADATA, handler) as unknown[] | undefined;
  const first = patterns?.[0];
  return typeof first === 'string' ? first : JSON.stringify(first ?? 'unknown');
}
