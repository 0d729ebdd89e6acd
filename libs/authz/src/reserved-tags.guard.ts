import { CanActivate, ExecutionContext, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PermissionDeniedError, RPC_HEADERS, SERVER_USER_TAG, reservedTagReason } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';
import { parseCaller } from './caller';

/**
 * Every tag key a request writes or deletes: `tags[].key` (create, log-batch, set-tags) and, on
 * `*.set-tag` / `*.delete-tag` subjects, `key` (and `tag_key`, MLflow 3's logged-model tag delete).
 */
export function tagKeysOf(subject: string, payload: unknown): unknown[] {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const keys: unknown[] = [];
  if (Array.isArray(p.tags)) {
    for (const tag of p.tags) keys.push(typeof tag === 'object' && tag !== null ? (tag as { key?: unknown }).key : tag);
  } else if (typeof p.tags === 'object' && p.tags !== null) {
    keys.push(...Object.keys(p.tags));
  }
  const verb = subject.split('.').pop() ?? '';
  if (verb === 'set-tag' || verb === 'delete-tag') keys.push(p.key, p.tag_key);
  return keys.filter((k) => k !== undefined);
}

/**
 * Users may not write reserved tags (`llmops.*`, `mlflow.user`) on any subject of the service,
 * whatever route or field carries them. Run creation may carry `mlflow.user` (every MLflow client
 * sends it): the handler replaces it with the caller, so `allowServerUserTagOn` lists that subject.
 * Requests without a gateway identity are the services' own (the evaluation service writes
 * `llmops.evaluation.*`) and pass; NATS permissions decide who may send them.
 */
export class ReservedTagsGuard implements CanActivate {
  constructor(private readonly allowServerUserTagOn: readonly string[] = []) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const patterns = (Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) ?? []) as unknown[];
    const subject = patterns.find((p): p is string => typeof p === 'string');
    if (subject === undefined) return true;
    const rpc = context.switchToRpc();
    if (!parseCaller(rpcHeader(rpc.getContext(), RPC_HEADERS.caller))) return true;
    for (const key of tagKeysOf(subject, rpc.getData())) {
      if (key === SERVER_USER_TAG && this.allowServerUserTagOn.includes(subject)) continue;
      const reason = reservedTagReason(key);
      if (reason) throw new PermissionDeniedError(reason);
    }
    return true;
  }
}

/** The line a service module adds to its providers (after `callerGuardProvider`). */
export function reservedTagsGuardProvider(allowServerUserTagOn: readonly string[] = []): Provider {
  return { provide: APP_GUARD, useValue: new ReservedTagsGuard(allowServerUserTagOn) };
}
