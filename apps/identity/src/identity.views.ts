import { AuditEntryView, PermissionView, TokenView, UserView } from '@llmops/contract';
import { ApiToken, AuditEntry, ResourcePermission, User } from './store/identity.model';

/** Domain to wire shapes; a token's hash never leaves the service. */
export const userView = (u: User): UserView => ({ name: u.name, roles: u.roles, created_at: u.createdAt });
export const tokenView = (t: ApiToken): TokenView => ({
  id: t.id,
  user: t.user,
  name: t.name,
  created_at: t.createdAt,
  revoked_at: t.revokedAt,
  last_used_at: t.lastUsedAt,
  expires_at: t.expiresAt,
});
export const permissionView = (p: ResourcePermission): PermissionView => ({
  user: p.user,
  kind: p.kind,
  resource_id: p.resourceId,
  permission: p.permission,
});
export const auditView = (e: AuditEntry): AuditEntryView => ({ ...e });
