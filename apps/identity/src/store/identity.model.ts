import { Permission, ResourceKind, Role } from '@llmops/contract';

/** Domain shapes of the identity service (no decorators; the store maps them). */
export interface User {
  name: string;
  roles: Role[];
  createdAt: number;
}

export interface ApiToken {
  id: string;
  user: string;
  name: string;
  /** sha256 (hex) of the secret; the secret itself is never kept. */
  secretHash: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  /** Refused from this time on (epoch ms); null: until revoked. */
  expiresAt: number | null;
}

export interface ResourcePermission {
  user: string;
  kind: ResourceKind;
  resourceId: string;
  permission: Exclude<Permission, 'NONE'>;
}

export interface AuditEntry {
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}
