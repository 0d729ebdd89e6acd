import { randomUUID } from 'node:crypto';
import {
  DeadlineExceededError,
  PULL_DISPATCHED_SUBJECTS,
  QUEUED_REQUEST_HEADERS,
  ServiceUnavailableError,
} from '@llmops/contract';
import {
  createInbox,
  ErrorCode as NatsErrorCode,
  headers as natsHeaders,
  JSONCodec,
  NatsConnection,
  NatsError,
} from 'nats';
import { IncomingAnswer, OutgoingPacket, RpcClient, RpcRequestOptions } from '../rpc-client';
import { errorFromAnswer } from '../wire-errors';
import { traceHeaders, tracedRequest } from '../tracing/rpc-tracing';
import { coalesceNatsWrites } from './nats-write-coalescing';

// Every NATS connection of the process (this client's, Nest's server's) writes once per loop turn.
coalesceNatsWrites();

const codec = JSONCodec<unknown>();

/**
 * Request/reply over NATS, speaking Nest's packet format so that `@MessagePattern` handlers
 * served by Nest's NATS server answer it. Uses NATS's own request so that "no responders"
 * fails at once instead of waiting for the timeout.
 *
 * Subjects in `PULL_DISPATCHED_SUBJECTS` go through their JetStream work queue instead (replicas
 * pull when they have capacity): the packet is published there with this client's inbox and
 * deadline in headers, and the answer is awaited on that inbox. Where no such queue exists (no
 * replica has created it, or JetStream is off) the request goes as a plain request.
 */
export class NatsRpcClient extends RpcClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
    /** This connection's inbox prefix (`_INBOX.<service>` for a service user; see natsInboxPrefix). */
    private readonly inboxPrefix = '_INBOX',
  ) {
    super();
  }

  async request<TResponse, TPayload>(
    subject: string,
    payload: TPayload,
    options: RpcRequestOptions = {},
  ): Promise<TResponse> {
    return tracedRequest(subject, options.headers, (headers) =>
      this.send<TResponse>(subject, payload, options, headers),
    );
  }

  private async send<TResponse>(
    subject: string,
    payload: unknown,
    options: RpcRequestOptions,
    headers: Record<string, string> | undefined,
  ): Promise<TResponse> {
    const packet: OutgoingPacket = { pattern: subject, data: payload, id: randomUUID() };
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    const queue = PULL_DISPATCHED_SUBJECTS[subject];
    let answer: IncomingAnswer | undefined;
    try {
      if (queue !== undefined) answer = await this.requestThroughQueue(queue, packet, timeout, headers);
      if (answer === undefined) {
        const msg = await this.connection.request(subject, codec.encode(packet), {
          timeout,
          headers: toNatsHeaders(headers),
        });
        answer = codec.decode(msg.data) as IncomingAnswer;
      }
    } catch (error) {
      throw transportError(subject, timeout, error);
    }
    if (answer.err !== undefined && answer.err !== null) throw errorFromAnswer(subject, answer.err);
    return answer.response as TResponse;
  }

  /** The answer through the work queue, or undefined when the queue does not exist (go plain). */
  private async requestThroughQueue(
    queueSubject: string,
    packet: OutgoingPacket,
    timeout: number,
    extra?: Record<string, string>,
  ): Promise<IncomingAnswer | undefined> {
    const deadline = Date.now() + timeout;
    const inbox = createInbox(this.inboxPrefix);
    // Subscribed before publishing, so an answer cannot arrive first; flushed so the server has it.
    const sub = this.connection.subscribe(inbox, { max: 1, timeout });
    try {
      await this.connection.flush();
      const headers = natsHeaders();
      for (const [key, value] of Object.entries(extra ?? {})) headers.set(key, value);
      headers.set(QUEUED_REQUEST_HEADERS.replyTo, inbox);
      headers.set(QUEUED_REQUEST_HEADERS.deadline, String(deadline));
      try {
        // Resolves once JetStream stored the request: from then on it is answered or times out.
        await this.connection.jetstream().publish(queueSubject, codec.encode(packet), {
          headers,
          timeout: Math.max(1, Math.min(timeout, 5_000)),
        });
      } catch (error) {
        if ((error as NatsError)?.code === NatsErrorCode.NoResponders) return undefined;
        throw error;
      }
      for await (const msg of sub) return codec.decode(msg.data) as IncomingAnswer;
      throw Object.assign(new Error('inbox closed before the answer'), { code: NatsErrorCode.Timeout });
    } finally {
      sub.unsubscribe();
    }
  }

  async emit<TPayload>(subject: string, payload: TPayload, headers?: Record<string, string>): Promise<void> {
    const packet: OutgoingPacket = { pattern: subject, data: payload };
    // Subscribers continue the publisher's trace.
    this.connection.publish(subject, codec.encode(packet), {
      headers: toNatsHeaders({ ...(headers ?? {}), ...traceHeaders() }),
    });
  }
}

function toNatsHeaders(values?: Record<string, string>) {
  if (!values || Object.keys(values).length === 0) return undefined;
  const h = natsHeaders();
  for (const [key, value] of Object.entries(values)) h.set(key, value);
  return h;
}

function transportError(subject: string, timeoutMs: number, error: unknown) {
  const code = (error as NatsError)?.code;
  if (code === NatsErrorCode.NoResponders) {
    return new ServiceUnavailableError(`No service is answering '${subject}' (is it running?)`, { cause: error });
  }
  if (code === NatsErrorCode.Timeout) {
    return new DeadlineExceededError(`'${subject}' did not answer within ${timeoutMs} ms`, { cause: error });
  }
  return new ServiceUnavailableError(`NATS request to '${subject}' failed: ${(error as Error)?.message ?? error}`, {
    cause: error,
  });
}
