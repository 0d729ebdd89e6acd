import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorCode, LlmopsError } from '@llmops/contract';
import type { Response } from 'express';
import { codeOfHttpStatus, httpStatusOf } from './error-status';

/** MLflow's error body. */
export interface HttpErrorBody {
  error_code: ErrorCode;
  message: string;
}

export interface HttpError {
  status: number;
  body: HttpErrorBody;
}

/**
 * The only place where errors become HTTP answers: a named platform error keeps its code and gets
 * the status of `HTTP_STATUS_OF_CODE`; framework errors (unknown route, malformed JSON, body too
 * large) get the matching code; anything else is a 500 INTERNAL_ERROR that reveals nothing.
 */
export function httpErrorOf(exception: unknown, logger?: Logger): HttpError {
  if (exception instanceof LlmopsError) {
    return { status: httpStatusOf(exception.code), body: { error_code: exception.code, message: exception.message } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = codeOfHttpStatus(status);
    if (code === ErrorCode.INTERNAL_ERROR) logger?.error(`HTTP ${status}: ${exception.stack ?? exception.message}`);
    return {
      status: code === ErrorCode.INTERNAL_ERROR ? 500 : status,
      body: { error_code: code, message: messageOf(exception, status) },
    };
  }
  const httpStatus = statusOfHttpError(exception);
  if (httpStatus !== undefined) {
    const message = httpStatus === 413 ? TOO_LARGE : ((exception as Error).message ?? 'Bad request');
    return { status: httpStatus, body: { error_code: codeOfHttpStatus(httpStatus), message } };
  }
  logger?.error(`Unhandled error: ${(exception as Error)?.stack ?? String(exception)}`);
  return { status: 500, body: { error_code: ErrorCode.INTERNAL_ERROR, message: 'Internal error' } };
}

const TOO_LARGE = 'Request body is larger than the configured limit';

/** The status of an `http-errors` error (what body-parser and Express raise) when it is a 4xx. */
function statusOfHttpError(exception: unknown): number | undefined {
  const candidate = exception as { status?: unknown; expose?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const status = candidate.status;
  return typeof status === 'number' && status >= 400 && status < 500 && candidate.expose === true ? status : undefined;
}

function messageOf(exception: HttpException, status: number): string {
  if (status === 404 && /^Cannot \w+ /.test(exception.message)) {
    return `No endpoint ${exception.message.replace(/^Cannot /, '')}`;
  }
  if (status === 413) return TOO_LARGE;
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return exception.message;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = httpErrorOf(exception, this.logger);
    response.locals.errorCode = body.error_code;
    if (response.headersSent) {
      // A streamed download failed midway: the status is gone, only cutting the stream tells the client.
      response.destroy(exception instanceof Error ? exception : undefined);
      return;
    }
    response.status(status).json(body);
  }
}
