import { ArgumentsHost, Catch, HttpException, Logger, RpcExceptionFilter } from '@nestjs/common';
import { InternalError, InvalidParameterError, LlmopsError, WireError } from '@llmops/contract';
import { Observable, throwError } from 'rxjs';

/**
 * Every error a message handler throws leaves the service as a `WireError` with a stable code.
 * Unexpected errors become INTERNAL_ERROR and are logged here, where the stack is known.
 */
@Catch()
export class LlmopsRpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => toWireError(exception, host, this.logger));
  }
}

export function toWireError(exception: unknown, host?: ArgumentsHost, logger?: Logger): WireError {
  if (exception instanceof LlmopsError) return exception.toWire();
  // Nest's pipes (e.g. ParseIntPipe) throw HTTP exceptions even on message handlers.
  if (exception instanceof HttpException && exception.getStatus() === 400) {
    const body = exception.getResponse() as { message?: string | string[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? exception.message);
    return new InvalidParameterError(message).toWire();
  }
  const pattern = host?.switchToRpc().getContext()?.getSubject?.() ?? 'unknown subject';
  logger?.error(`Unhandled error serving '${pattern}': ${(exception as Error)?.stack ?? exception}`);
  return new InternalError('Internal error').toWire();
}
