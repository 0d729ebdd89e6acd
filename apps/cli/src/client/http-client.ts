import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeadlineExceededError,
  errorFromWire,
  InternalError,
  isErrorCode,
  LlmopsError,
  ServiceUnavailableError,
} from '@llmops/contract';

/** What fetch takes as a body (Node's global types have no `BodyInit` without the DOM lib). */
type RequestBody = NonNullable<RequestInit['body']>;

export interface HttpClientOptions {
  baseUrl: string;
  /** Bearer token (MLflow clients send the same with MLFLOW_TRACKING_TOKEN). */
  token?: string;
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  timeoutMs?: number;
}

/**
 * A small JSON client for the gateway. Errors come back as the named classes the platform threw
 * (the gateway's `{error_code, message}` body carries the code), so the CLI's exit codes and
 * messages are the same whichever service failed.
 */
export class GatewayHttpClient {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get url(): string {
    return this.baseUrl;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('PATCH', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('PUT', path, { ...options, body });
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('DELETE', path, options);
  }

  /** Uploads raw bytes (streamed) to a PUT route, e.g. an artifact file or a dataset. */
  async upload<T>(
    path: string,
    content: Readable | Buffer,
    size: number,
    timeoutMs?: number,
    contentType = 'application/octet-stream',
  ): Promise<T> {
    const body: RequestBody = Buffer.isBuffer(content)
      ? content
      : (Readable.toWeb(content as Readable) as unknown as RequestBody);
    return this.raw<T>('PUT', path, {
      body,
      headers: { 'content-type': contentType, 'content-length': String(size) },
      timeoutMs,
      duplex: !(content instanceof Buffer),
    });
  }

  private send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const query = Object.entries(options.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return this.raw<T>(method, query ? `${path}?${query}` : path, {
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      timeoutMs: options.timeoutMs,
    });
  }

  private async raw<T>(
    method: string,
    path: string,
    init: { body?: RequestBody; headers: Record<string, string>; timeoutMs?: number; duplex?: boolean },
  ): Promise<T> {
    const timeoutMs = init.timeoutMs ?? this.options.timeoutMs ?? 60_000;
    const headers: Record<string, string> = { ...init.headers, 'x-correlation-id': randomUUID() };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
        ...(init.duplex ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new DeadlineExceededError(`${method} ${path} did not answer within ${timeoutMs} ms`, { cause: error });
      }
      throw new ServiceUnavailableError(`Cannot reach the gateway at ${this.baseUrl}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const text = await response.text();
    const json = text === '' ? {} : safeJson(text);
    if (!response.ok) throw toError(method, path, response.status, json, text);
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text };
  }
}

function toError(method: string, path: string, status: number, json: unknown, text: string): LlmopsError {
  const body = json as { error_code?: string; message?: string };
  if (isErrorCode(body?.error_code) && typeof body.message === 'string') {
    return errorFromWire({ code: body.error_code, message: body.message });
  }
  return new InternalError(`${method} ${path} failed with HTTP ${status}: ${text.slice(0, 300)}`);
}
