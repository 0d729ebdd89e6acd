import { Injectable, Optional } from '@nestjs/common';
import { AUDIT_ACTIONS, Permission, ResourceKind, ResourceNotFoundError } from '@llmops/contract';
import { AuditLog } from '../audit/audit-log';
import { IdentityEvents, NoIdentityEvents } from '../events/identity-events';
import { IdentityStore } from '../store/identity-store';
import { ResourcePermission } from '../store/identity.model';

/** Per-resource permissions (READ / EDIT / MANAGE) on experiments and registered models. */
@Injectable()
export class PermissionsHandler {
  constructor(
    private readonly store: IdentityStore,
    private readonly audit: AuditLog,
    @Optional() private readonly events: IdentityEvents = new NoIdentityEvents(),
  ) {}

  async grant(actor: string, p: ResourcePermission): Promise<ResourcePermission> {
    if (!(await this.store.findUser(p.user))) throw new ResourceNotFoundError(`User ${p.user} does not exist`);
    await this.store.savePermission(p);
    await this.events.permissionChanged({ user: p.user, kind: p.kind, resource_id: p.resourceId });
    await this.audit.record(actor, AUDIT_ACTIONS.permissionGranted, `${p.kind}:${p.resourceId}`, {
      user: p.user,
      permission: p.permission,
    });
    return p;
  }

  async revoke(actor: string, user: string, kind: ResourceKind, resourceId: string): Promise<void> {
    if (!(await this.store.deletePermission(user, kind, resourceId))) {
      throw new ResourceNotFoundError(`${user} has no permission on ${kind} ${resourceId}`);
    }
    await this.events.permissionChanged({ user, kind, resource_id: resourceId });
    await this.audit.record(actor, AUDIT_ACTIONS.permissionRevoked, `${kind}:${resourceId}`, { user });
  }

  list(filter: { user?: string; kind?: ResourceKind; resourceId?: string }): Promise<ResourcePermission[]> {
    return this.store.listPermissions(filter);
  }

  async check(user: string, kind: ResourceKind, resourceId: string): Promise<Permission> {
    return (await this.store.findPermission(user, kind, resourceId))?.permission ?? 'NONE';
  }

  async readable(user: string, kind: ResourceKind): Promise<string[]> {
    return (await this.store.listPermissions({ user, kind })).map((p) => p.resourceId);
  }
}
