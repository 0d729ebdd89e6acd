import { CallerIdentity, RPC_HEADERS, isRole } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';

/** The caller header's JSON as `CallerIdentity`, or undefined when it is missing or malformed. */
export function parseCaller(header: string | undefined): CallerIdentity | undefined {
  if (!header) return undefined;
  try {
    const parsed = JSON.parse(header) as { user?: unknown; roles?: unknown };
    if (typeof parsed?.user !== 'string' || parsed.user === '' || !Array.isArray(parsed.roles)) return undefined;
    return { user: parsed.user, roles: parsed.roles.filter(isRole) };
  } catch {
    return undefined;
  }
}

/** The identity the gateway attached to this request (undefined: a service-to-service call). */
export function callerIdentityOf(ctx: unknown): CallerIdentity | undefined {
  return parseCaller(rpcHeader(ctx, RPC_HEADERS.caller));
}

export function callerHeader(caller: CallerIdentity): string {
  return JSON.stringify({ user: caller.user, roles: caller.roles });
}
