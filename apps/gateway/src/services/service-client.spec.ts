import { RPC_HEADERS } from '@llmops/contract';
import { RpcClient, RpcRequestOptions } from '@llmops/messaging';
import { runInRequestContext } from '../http/request-context';
import { ServiceClient } from './service-client';

class RecordingRpcClient extends RpcClient {
  calls: Array<{ subject: string; payload: unknown; options?: RpcRequestOptions }> = [];

  async request<TResponse>(subject: string, payload: unknown, options?: RpcRequestOptions): Promise<TResponse> {
    this.calls.push({ subject, payload, options });
    return { ok: true } as TResponse;
  }

  async emit(): Promise<void> {}
}

describe('ServiceClient', () => {
  it("passes the request's correlation id on every call", async () => {
    const rpc = new RecordingRpcClient();
    const client = new ServiceClient(rpc);
    await runInRequestContext({ correlationId: 'corr-7' }, () => client.call('a.v1.b', { x: 1 }));
    expect(rpc.calls).toEqual([
      { subject: 'a.v1.b', payload: { x: 1 }, options: { headers: { [RPC_HEADERS.correlationId]: 'corr-7' } } },
    ]);
  });

  it('sends no correlation header outside a request', async () => {
    const rpc = new RecordingRpcClient();
    await new ServiceClient(rpc).call('a.v1.b', {}, 50);
    expect(rpc.calls[0].options).toEqual({ headers: {}, timeoutMs: 50 });
  });

  it("sends the caller and, on a search, the caller's visible set", async () => {
    const rpc = new RecordingRpcClient();
    const caller = { user: 'ann', roles: ['viewer' as const] };
    const visible = { kind: 'experiment' as const, ids: ['1', '4'] };
    await runInRequestContext({ correlationId: 'c', caller, visible }, () => new ServiceClient(rpc).call('a.v1.b', {}));
    const headers = rpc.calls[0].options?.headers ?? {};
    expect(JSON.parse(headers[RPC_HEADERS.caller])).toEqual(caller);
    expect(JSON.parse(headers[RPC_HEADERS.visible])).toEqual(visible);
  });
});
