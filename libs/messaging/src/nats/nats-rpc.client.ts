import { randomUUID } from 'node:crypto';
import { DeadlineExceededError, ServiceUnavailableError } from '@llmops/contract';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, JSONCodec, NatsConnection, NatsError } from 'nats';
import { IncomingAnswer, OutgoingPacket, RpcClient, RpcRequestOptions } from '../rpc-client';
import { errorFromAnswer } from '../wire-errors';

const codec = JSONCodec<unknown>();

/**
 * Request/reply over NATS, speaking Nest's packet format so that `@MessagePattern` handlers
 * served by Nest's NATS server answer it. Uses NATS's own request so that "no responders"
 * fails at once instead of waiting for the timeout.
 */
export class NatsRpcClient extends RpcClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly defaultTimeoutMs: number,
  ) {
    super();
  }

  async request<TResponse, TPayload>(
    subject: string,
    payload: TPayload,
    options: RpcRequestOptions = {},
  ): Promise<TResponse> {
    const packet: OutgoingPacket = { pattern: subject, data: payload, id: randomUUID() };
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    let answer: IncomingAnswer;
    try {
      const msg = await this.connection.request(subject, codec.encode(packet), {
        timeout,
        headers: toNatsHeaders(options.headers),
      });
      answer = codec.decode(msg.data) as IncomingAnswer;
    } catch (error) {
      throw transportError(subject, timeout, error);
    }
    if (answer.err !== undefined && answer.err !== null) throw errorFromAnswer(subject, answer.err);
    return answer.response as TResponse;
  }

  async emit<TPayload>(subject: string, payload: TPayload, headers?: Record<string, string>): Promise<void> {
    const packet: OutgoingPacket = { pattern: subject, data: payload };
    this.connection.publish(subject, codec.encode(packet), { headers: toNatsHeaders(headers) });
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
