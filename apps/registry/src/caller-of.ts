import { callerIdentityOf } from '@llmops/authz';
import { RPC_HEADERS } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';
import { RegistryCaller } from './access/registry-access';
import { callerName } from './domain/caller';

/** The acting user of a request, from the caller header the gateway sets. */
export function callerOf(ctx: unknown): string {
  return callerName(rpcHeader(ctx, RPC_HEADERS.caller));
}

/** The identity the gateway authenticated (user and roles); undefined for another service's call. */
export function callerIdentity(ctx: unknown): RegistryCaller {
  return callerIdentityOf(ctx);
}
