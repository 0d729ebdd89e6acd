import { RPC_HEADERS } from '@llmops/contract';

interface HeaderCarrier {
  getHeaders?: () => unknown;
}

/** Reads a request header from a NATS or in-process context alike. */
export function rpcHeader(context: unknown, name: string): string | undefined {
  const headers = (context as HeaderCarrier | undefined)?.getHeaders?.();
  if (!headers) return undefined;
  const getter = (headers as { get?: (key: string) => string }).get;
  if (typeof getter === 'function') {
    const value = getter.call(headers, name);
    return value === '' ? undefined : value;
  }
  return (headers as Record<string, string>)[name];
}

export function correlationIdOf(context: unknown): string | undefined {
  return rpcHeader(context, RPC_HEADERS.correlationId);
}
