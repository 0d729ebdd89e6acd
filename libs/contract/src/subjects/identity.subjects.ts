/**
 * NATS subjects served by the identity service (queue group `identity`): users, API tokens,
 * per-resource permissions and the audit log. Shapes: `libs/contract/src/identity`.
 */
export const IDENTITY_SUBJECTS = {
  health: 'identity.v1.health',
  /**
   * The digest of a bearer secret to the caller it belongs to (`AuthenticateRequest` ->
   * `CallerIdentity`); the secret itself never travels on NATS.
   */
  authenticate: 'identity.v1.authenticate',
  users: {
    create: 'identity.v1.users.create',
    list: 'identity.v1.users.list',
  },
  tokens: {
    create: 'identity.v1.tokens.create',
    list: 'identity.v1.tokens.list',
    revoke: 'identity.v1.tokens.revoke',
  },
  permissions: {
    grant: 'identity.v1.permissions.grant',
    revoke: 'identity.v1.permissions.revoke',
    list: 'identity.v1.permissions.list',
    /** The permission a user holds on one resource (`NONE` when none). */
    check: 'identity.v1.permissions.check',
    /** Ids of the resources of a kind the user may read (for filtering searches). */
    readable: 'identity.v1.permissions.readable',
  },
  audit: {
    append: 'identity.v1.audit.append',
    list: 'identity.v1.audit.list',
  },
  limits: {
    /**
     * Takes from a named token bucket kept in the identity database, so that every gateway replica
     * shares it (per-token request rates, failed authentications per client address).
     */
    take: 'identity.v1.limits.take',
  },
  /**
   * Published to every subscriber (not a queue group) once a change is committed, so that gateway
   * replicas drop what they remember of it (authentications, permissions); payloads in
   * identity.events.ts.
   */
  events: {
    tokenRevoked: 'identity.v1.events.token-revoked',
    permissionChanged: 'identity.v1.events.permission-changed',
  },
} as const;
