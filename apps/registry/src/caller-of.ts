import { RPC_HEADERS } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';
import { callerName } from './domain/caller';

/** The acting user of a request, from the caller header the gateway sets. */
export function callerOf(ctx: unknown): string {
  return callerName(rpcHeader(ctx, RPC_HEADERS.caller));
}
