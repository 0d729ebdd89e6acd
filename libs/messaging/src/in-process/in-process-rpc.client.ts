import { Logger } from '@nestjs/common';
import { DeadlineExceededError, LlmopsError } from '@llmops/contract';
import { lastValueFrom } from 'rxjs';
import { RpcClient, RpcRequestOptions } from '../rpc-client';
import { errorFromAnswer } from '../wire-errors';
import { InProcessBus, InProcessContext, jsonCopy } from './in-process.bus';
import { traceHeaders, tracedRequest } from '../tracing/rpc-tracing';

export class InProcessRpcClient extends RpcClient {
  private readonly logger = new Logger('InProcessBus');

  constructor(
    private readonly bus: InProcessBus,
    private readonly defaultTimeoutMs: number,
  ) {
    super();
  }

  async request<TResponse, TPayload>(
    subject: string,
    payload: TPayload,
    options: RpcRequestOptions = {},
  ): Promise<TResponse> {
    // The same CLIENT span and headers as over NATS, so an embedded trace has the same shape.
    return tracedRequest(subject, options.headers, (headers) =>
      this.send<TResponse>(subject, payload, { ...options, headers }),
    );
  }

  private async send<TResponse>(subject: string, payload: unknown, options: RpcRequestOptions): Promise<TResponse> {
    const endpoint = this.bus.pick(subject);
    const handler = endpoint.getHandlerByPattern(subject);
    if (!handler) throw errorFromAnswer(subject, 'There is no matching message handler defined in the remote service.');
    const context = new InProcessContext([subject, { ...(options.headers ?? {}) }]);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeadlineExceededError(`'${subject}' did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const answer = (async () => {
        const result$ = endpoint.transformToObservable(await handler(jsonCopy(payload), context));
        return lastValueFrom(result$, { defaultValue: undefined });
      })();
      return jsonCopy((await Promise.race([answer, deadline])) as TResponse);
    } catch (error) {
      if (error instanceof LlmopsError) throw error;
      throw errorFromAnswer(subject, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async emit<TPayload>(subject: string, payload: TPayload, headers?: Record<string, string>): Promise<void> {
    for (const endpoint of this.bus.subscribers(subject)) {
      const handler = endpoint.getHandlerByPattern(subject);
      if (!handler?.isEventHandler) continue;
      const context = new InProcessContext([subject, { ...(headers ?? {}), ...traceHeaders() }]);
      // Events are fire-and-forget, as on NATS: a failing subscriber does not fail the publisher.
      void Promise.resolve()
        .then(async () =>
          lastValueFrom(endpoint.transformToObservable(await handler(jsonCopy(payload), context)), {
            defaultValue: undefined,
          }),
        )
        .catch((error: unknown) =>
          this.logger.error(
            `Event handler for '${subject}' failed: ${(error as Error)?.message ?? JSON.stringify(error)}`,
          ),
        );
    }
  }
}
