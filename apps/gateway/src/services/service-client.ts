import { Injectable } from '@nestjs/common';
import { RPC_HEADERS } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { callerHeader, visibleHeader } from '@llmops/authz';
import { currentRequestContext } from '../http/request-context';

/**
 * How the gateway's controllers reach a service: `RpcClient` plus the request's correlation id on
 * every call, so one id follows a request through every service's logs.
 */
@Injectable()
export class ServiceClient {
  constructor(private readonly rpc: RpcClient) {}

  call<TResponse, TPayload = unknown>(subject: string, payload: TPayload, timeoutMs?: number): Promise<TResponse> {
    return this.rpc.request<TResponse, TPayload>(subject, payload, { headers: this.headers(), timeoutMs });
  }

  headers(): Record<string, string> {
    const context = currentRequestContext();
    if (!context) return {};
    return {
      [RPC_HEADERS.correlationId]: context.correlationId,
      // The caller travels with every internal request, so the owning services can check it too.
      ...(context.caller ? { [RPC_HEADERS.caller]: callerHeader(context.caller) } : {}),
      // A search applies it in its query, before paging (the services fail closed without it).
      ...(context.visible ? { [RPC_HEADERS.visible]: visibleHeader(context.visible) } : {}),
    };
  }
}
