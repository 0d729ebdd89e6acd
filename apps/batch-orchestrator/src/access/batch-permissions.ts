import { Permission, ResourceKind } from '@llmops/contract';

/** Per-resource permissions, as the identity service keeps them (a port: tests pass a fake). */
export abstract class BatchPermissions {
  /** What `user` holds on the resource (`NONE` without a grant). */
  abstract permissionOn(user: string, kind: ResourceKind, id: string): Promise<Permission>;

  /** Ids of the resources of a kind `user` holds any permission on (each includes READ). */
  abstract readable(user: string, kind: ResourceKind): Promise<string[]>;

  /** MANAGE for whoever created the resource. */
  abstract grantManage(user: string, kind: ResourceKind, id: string): Promise<void>;

  /** Removes every grant on a resource that is gone (so a new one under the name starts clean). */
  abstract revokeAll(kind: ResourceKind, id: string): Promise<void>;
}

/** Authentication off (one local user, who is admin): nothing to ask, nothing to record. */
export class NoBatchPermissions extends BatchPermissions {
  async permissionOn(): Promise<Permission> {
    return 'MANAGE';
  }
  async readable(): Promise<string[]> {
    return [];
  }
  async grantManage(): Promise<void> {}
  async revokeAll(): Promise<void> {}
}
