/**
 * Roles, from least to most trusted; each includes the ones before it (an approver may do what a
 * developer may). `viewer` reads; `developer` logs runs, registers versions, moves to Staging;
 * `approver` promotes to Production and overrides a gate; `admin` manages tokens and permissions.
 */
export const ROLES = ['viewer', 'developer', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when any of `roles` is `needed` or above it. */
export function hasRole(roles: readonly string[], needed: Role): boolean {
  const rank = ROLES.indexOf(needed);
  return roles.some((r) => isRole(r) && ROLES.indexOf(r) >= rank);
}

/** Per-resource permissions, as MLflow's auth layer names them; each includes the ones before it. */
export const PERMISSIONS = ['NONE', 'READ', 'EDIT', 'MANAGE'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function permissionAtLeast(held: Permission, needed: Permission): boolean {
  return PERMISSIONS.indexOf(held) >= PERMISSIONS.indexOf(needed);
}

/**
 * What permissions are given on. `table` and `dataset` are batch data by canonical name (relative to
 * the data roots, e.g. `news_summaries`, `news/prod.jsonl`); `batch_job` by job id (an explicit
 * grant to see someone else's job).
 */
export const RESOURCE_KINDS = ['experiment', 'registered_model', 'table', 'dataset', 'batch_job'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** No API token is longer (ours are 50 characters): a longer credential is refused unread. */
export const API_TOKEN_MAX_LENGTH = 512;

/** Who is calling, as the gateway established it; travels as JSON in `RPC_HEADERS.caller`. */
export interface CallerIdentity {
  user: string;
  roles: Role[];
}

/** The identity the gateway sends when authentication is explicitly off (single-user embedded mode). */
export const LOCAL_CALLER: CallerIdentity = { user: 'local', roles: ['admin'] };

export interface UserView {
  name: string;
  roles: Role[];
  created_at: number;
}

export interface TokenView {
  id: string;
  user: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  /** Epoch ms after which the token is refused (null: until revoked). */
  expires_at: number | null;
}

export interface PermissionView {
  user: string;
  kind: ResourceKind;
  resource_id: string;
  permission: Permission;
}

export interface AuditEntryView {
  id: string;
  at: number;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

/** Actions the audit log records (free text is allowed, these are the ones the platform writes). */
export const AUDIT_ACTIONS = {
  promotion: 'model.promote',
  gateOverride: 'model.gate-override',
  /** A version left Production (moved to another stage, or deleted with its model or alone). */
  leaveProduction: 'model.leave-production',
  /** A protected alias (e.g. `champion`) was set, moved or deleted. */
  protectedAlias: 'model.protected-alias',
  /** A registered model's promotion gate policy was stored. */
  gatePolicy: 'model.gate-policy',
  tokenCreated: 'token.create',
  tokenRevoked: 'token.revoke',
  userCreated: 'user.create',
  permissionGranted: 'permission.grant',
  permissionRevoked: 'permission.revoke',
} as const;
