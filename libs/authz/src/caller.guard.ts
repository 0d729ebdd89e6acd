import { CanActivate, ExecutionContext, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PermissionDeniedError, Role, hasRole, normaliseStage } from '@llmops/contract';
import { parseCaller } from './caller';
import { rpcHeader } from '@llmops/messaging';
import { RPC_HEADERS } from '@llmops/contract';

/** The role a message needs, from its subject and payload (undefined: anyone). */
export type RoleRule = (subject: string, payload: unknown) => Role | undefined;

/**
 * Defence in depth behind the gateway: a service refuses a request whose caller (the identity the
 * gateway attached) lacks the role the rule asks for. A request without a caller identity comes
 * from another service (NATS permissions decide who may publish at all) and passes.
 */
export class CallerGuard implements CanActivate {
  constructor(private readonly rule: RoleRule) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const patterns = (Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) ?? []) as unknown[];
    const subject = patterns.find((p): p is string => typeof p === 'string');
    if (subject === undefined) return true;
    const rpc = context.switchToRpc();
    const needed = this.rule(subject, rpc.getData());
    if (needed === undefined) return true;
    // Only an identity the gateway established (`{user, roles}`) is checked: a bare name (what
    // services and tools put there to be recorded) claims no roles, so it is no more than no header.
    const caller = parseCaller(rpcHeader(rpc.getContext(), RPC_HEADERS.caller));
    if (!caller) return true;
    if (!hasRole(caller.roles, needed)) {
      throw new PermissionDeniedError(`${caller.user} lacks the ${needed} role for ${subject}`);
    }
    return true;
  }
}

/** The one line a service module adds to its providers: `callerGuardProvider(rule)`. */
export function callerGuardProvider(rule: RoleRule): Provider {
  return { provide: APP_GUARD, useValue: new CallerGuard(rule) };
}

/**
 * A rule for services whose reads and writes are told apart by the subject's last segment:
 * `viewer` for reads, `developer` for everything else.
 */
export function readWriteRule(readVerbs: readonly string[] = DEFAULT_READ_VERBS): RoleRule {
  return (subject) => {
    const verb = subject.split('.').pop() ?? '';
    if (verb === 'health' || verb === 'readiness') return undefined;
    return readVerbs.includes(verb) ? 'viewer' : 'developer';
  };
}

export const DEFAULT_READ_VERBS = [
  'get',
  'get-by-name',
  'search',
  'list',
  'get-history',
  'resolve-root',
  'resolve-location',
  'list-artifacts',
  'resolve',
  'get-latest-versions',
  'get-lineage',
  'at',
] as const;

/**
 * The registry's rule: reads and writes as `readWriteRule`, and a transition to Production or
 * one that overrides the gate needs `approver`.
 */
export function promotionRule(transitionSubjects: readonly string[], base: RoleRule = readWriteRule()): RoleRule {
  return (subject, payload) => {
    if (transitionSubjects.includes(subject)) {
      const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
      const production = typeof p.stage === 'string' && normaliseStage(p.stage) === 'Production';
      const override = p.override === true || (typeof p.override_reason === 'string' && p.override_reason !== '');
      return production || override ? 'approver' : 'developer';
    }
    return base(subject, payload);
  };
}
