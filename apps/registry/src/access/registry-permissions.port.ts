import { Permission, ResourceKind } from '@llmops/contract';

/** What the registry asks the identity service (a port: tests pass a fake, auth off needs none). */
export abstract class RegistryPermissions {
  /** What `user` holds on the resource (`NONE` without a grant). */
  abstract permissionOn(user: string, kind: ResourceKind, id: string): Promise<Permission>;
  /** One audit entry in the identity service's log. */
  abstract audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void>;
}

/** Authentication off (one local admin): nothing to ask, nobody to audit against. */
export class NoRegistryPermissions extends RegistryPermissions {
  async permissionOn(): Promise<Permission> {
    return 'MANAGE';
  }
  async audit(): Promise<void> {}
}
