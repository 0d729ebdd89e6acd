import { ErrorCode } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { AuditLog } from '../audit/audit-log';
import { IdentityEvents } from '../events/identity-events';
import { PermissionsHandler } from '../permissions/permissions.handler';
import { AuthenticateHandler, LAST_USED_PRECISION_MS } from '../authenticate/authenticate.handler';
import { bootstrapAdmin } from '../bootstrap/bootstrap-admin';
import { SystemClock, UuidGenerator } from '../shared';
import { InMemoryIdentityStore } from '../testing/in-memory-identity.store';
import { hashSecret } from './token-secret';
import { TokensHandler } from './tokens.handler';

function setup() {
  const store = new InMemoryIdentityStore();
  const clock = new SystemClock();
  const audit = new AuditLog(store, clock, new UuidGenerator());
  const tokens = new TokensHandler(store, clock, new UuidGenerator(), audit);
  const authenticate = new AuthenticateHandler(store, clock);
  return { store, clock, tokens, authenticate };
}

/** What identity announced, in order. */
class RecordedEvents extends IdentityEvents {
  readonly seen: Array<[string, unknown]> = [];
  async tokenRevoked(e: unknown) {
    this.seen.push(['token-revoked', e]);
  }
  async permissionChanged(e: unknown) {
    this.seen.push(['permission-changed', e]);
  }
}

describe('tokens and authentication', () => {
  it('announces a revoked token and every permission change, once committed', async () => {
    const store = new InMemoryIdentityStore();
    const clock = new SystemClock();
    const audit = new AuditLog(store, clock, new UuidGenerator());
    const events = new RecordedEvents();
    const tokens = new TokensHandler(store, clock, new UuidGenerator(), audit, events);
    const permissions = new PermissionsHandler(store, audit, events);
    await store.saveUser({ name: 'dev', roles: ['developer'], createdAt: 1 });
    const { token } = await tokens.create('admin', 'dev');
    expect(events.seen).toEqual([]);
    await tokens.revoke('admin', token.id);
    const p = { user: 'dev', kind: 'experiment' as const, resourceId: '7', permission: 'READ' as const };
    await permissions.grant('admin', p);
    await permissions.revoke('admin', 'dev', 'experiment', '7');
    const change = { user: 'dev', kind: 'experiment', resource_id: '7' };
    expect(events.seen).toEqual([
      ['token-revoked', { token_id: token.id, user: 'dev' }],
      ['permission-changed', change],
      ['permission-changed', change],
    ]);
    expect(await store.findToken(token.id)).toMatchObject({ revokedAt: expect.any(Number) });
  });

  it('stores only the hash, authenticates the secret once shown, refuses it after revocation, audits both', async () => {
    const { store, tokens, authenticate } = setup();
    await store.saveUser({ name: 'dev', roles: ['developer'], createdAt: 1 });
    const { token, secret } = await tokens.create('admin', 'dev', 'ci');
    expect(secret).toMatch(/^llmops_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify([...store.tokens.values()])).not.toContain(secret);
    await expect(authenticate.execute(hashSecret(secret))).resolves.toEqual({
      user: 'dev',
      roles: ['developer'],
      expires_at: null,
    });
    await tokens.revoke('admin', token.id);
    expect((await rejectionOf(authenticate.execute(hashSecret(secret)))).code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(store.audit.map((e) => [e.actor, e.action])).toEqual([
      ['admin', 'token.create'],
      ['admin', 'token.revoke'],
    ]);
  });

  it('refuses an expired token as a revoked one, shows the expiry, and refuses one already past', async () => {
    const { store, tokens, authenticate } = setup();
    await store.saveUser({ name: 'dev', roles: ['developer'], createdAt: 1 });
    const expiresAt = Date.now() + 60_000;
    const { token, secret } = await tokens.create('admin', 'dev', 'ci', expiresAt);
    expect(token.expiresAt).toBe(expiresAt);
    await expect(authenticate.execute(hashSecret(secret))).resolves.toEqual({
      user: 'dev',
      roles: ['developer'],
      expires_at: expiresAt,
    });
    store.tokens.get(token.id)!.expiresAt = Date.now() - 1;
    const refused = await rejectionOf(authenticate.execute(hashSecret(secret)));
    expect(refused.code).toBe(ErrorCode.UNAUTHENTICATED);
    expect(refused.message).toBe('Invalid, expired or revoked API token');
    expect((await rejectionOf(tokens.create('admin', 'dev', 'old', Date.now() - 1))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    expect((await tokens.create('admin', 'dev', 'forever')).token.expiresAt).toBeNull();
  });

  it('looks tokens up by the digest the gateway sends: the secret itself is no credential on NATS', async () => {
    const { store, tokens, authenticate } = setup();
    await store.saveUser({ name: 'dev', roles: ['developer'], createdAt: 1 });
    const { secret } = await tokens.create('admin', 'dev', 'ci');
    expect((await rejectionOf(authenticate.execute(secret))).code).toBe(ErrorCode.UNAUTHENTICATED);
    await expect(authenticate.execute(hashSecret(secret))).resolves.toEqual({
      user: 'dev',
      roles: ['developer'],
      expires_at: null,
    });
  });

  it('records when a token was last used, to the minute (no write on every call)', async () => {
    const store = new InMemoryIdentityStore();
    let now = 1_000_000;
    const clock = { now: () => now };
    const tokens = new TokensHandler(
      store,
      clock,
      new UuidGenerator(),
      new AuditLog(store, clock, new UuidGenerator()),
    );
    const authenticate = new AuthenticateHandler(store, clock);
    await store.saveUser({ name: 'dev', roles: ['developer'], createdAt: 1 });
    const { token, secret } = await tokens.create('admin', 'dev', 'ci');
    const touched: number[] = [];
    const touch = store.touchToken.bind(store);
    store.touchToken = async (id: string, at: number) => {
      touched.push(at);
      await touch(id, at);
    };
    await authenticate.execute(hashSecret(secret));
    now += LAST_USED_PRECISION_MS - 1;
    await authenticate.execute(hashSecret(secret));
    now += 1;
    await authenticate.execute(hashSecret(secret));
    expect(touched).toEqual([1_000_000, 1_000_000 + LAST_USED_PRECISION_MS]);
    expect(store.tokens.get(token.id)?.lastUsedAt).toBe(1_000_000 + LAST_USED_PRECISION_MS);
  });

  it('refuses an unknown secret', async () => {
    const { authenticate } = setup();
    expect((await rejectionOf(authenticate.execute(hashSecret('llmops_nope')))).code).toBe(ErrorCode.UNAUTHENTICATED);
  });
});

describe('bootstrapAdmin', () => {
  const adminToken = 'x'.repeat(40);

  it('refuses to start with auth on, no admin and no LLMOPS_ADMIN_TOKEN', async () => {
    const { store, tokens, clock } = setup();
    const error = await rejectionOf(bootstrapAdmin(store, tokens, clock, { authEnabled: true }));
    expect(error.message).toMatch(/LLMOPS_ADMIN_TOKEN/);
  });

  it('starts with auth off and nothing set', async () => {
    const { store, tokens, clock } = setup();
    await bootstrapAdmin(store, tokens, clock, { authEnabled: false });
    expect(store.users.size).toBe(0);
  });

  it('creates the admin with the given token, once; a revoked bootstrap token stays revoked', async () => {
    const { store, tokens, clock, authenticate } = setup();
    await bootstrapAdmin(store, tokens, clock, { authEnabled: true, adminToken });
    await bootstrapAdmin(store, tokens, clock, { authEnabled: true, adminToken });
    expect(store.tokens.size).toBe(1);
    await expect(authenticate.execute(hashSecret(adminToken))).resolves.toEqual({
      user: 'admin',
      roles: ['admin'],
      expires_at: null,
    });
    await tokens.revoke('admin', [...store.tokens.keys()][0]);
    await bootstrapAdmin(store, tokens, clock, { authEnabled: true, adminToken });
    expect((await rejectionOf(authenticate.execute(hashSecret(adminToken)))).code).toBe(ErrorCode.UNAUTHENTICATED);
  });

  it('refuses a short admin token', async () => {
    const { store, tokens, clock } = setup();
    expect(
      (await rejectionOf(bootstrapAdmin(store, tokens, clock, { authEnabled: true, adminToken: 'short' }))).message,
    ).toMatch(/32 characters/);
  });
});
