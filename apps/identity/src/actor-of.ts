import { callerIdentityOf } from '@llmops/authz';

/** Who the audit log names: the caller the gateway attached, or `system` for service-to-service calls. */
export function actorOf(ctx: unknown): string {
  return callerIdentityOf(ctx)?.user ?? 'system';
}
