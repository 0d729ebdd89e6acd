/** Options of one request over the platform's message transport. */
export interface RpcRequestOptions {
  /** How long to wait for the answer; the default comes from the client's configuration. */
  timeoutMs?: number;
  /** Extra headers (correlation id, caller identity) carried to the handler. */
  headers?: Record<string, string>;
}

/**
 * The port every caller uses to reach another service. Implementations: NATS request/reply for
 * services mode, an in-process bus for embedded mode. Errors come back as the named
 * `LlmopsError` subclasses the handler threw, whichever the transport.
 */
export abstract class RpcClient {
  abstract request<TResponse = unknown, TPayload = unknown>(
    subject: string,
    payload: TPayload,
    options?: RpcRequestOptions,
  ): Promise<TResponse>;

  /** Publishes an event: no answer, every subscriber receives it. */
  abstract emit<TPayload = unknown>(
    subject: string,
    payload: TPayload,
    headers?: Record<string, string>,
  ): Promise<void>;
}

/** Nest's wire packet for a request (`id` present) or an event (`id` absent). */
export interface OutgoingPacket {
  pattern: string;
  data: unknown;
  id?: string;
}

/** Nest's wire packet for an answer. */
export interface IncomingAnswer {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}
