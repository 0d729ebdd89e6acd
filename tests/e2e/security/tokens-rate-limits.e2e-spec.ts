import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@llmops/contract';
import { createGatewayApp, GatewayConfig } from '@llmops/gateway-app';
import { Answer, bearer, call, ML, MODES, SecureWorld, V1 } from './harness';

/**
 * Finding 12 of the security review: tokens can expire; the rate limit holds across gateway
 * replicas (its state is the identity service's, not a replica's memory); failed authentication
 * is limited per client address, without one address locking a user's token out everywhere.
 * Two gateways serve the same platform (one NATS in services mode, one bus embedded), as replicas
 * behind a load balancer would; each believes X-Forwarded-For from loopback, so the suite can
 * speak from several client addresses.
 */
describe.each(MODES)('tokens and rate limits, %s', (_mode, start) => {
  const world = new SecureWorld(start, { dev: 'developer', other: 'developer' });
  const replicas: INestApplication[] = [];
  const urls: string[] = [];
  const cachingUrls: string[] = [];
  // Addresses no other run shares (the services' database outlives a run): IPv6 documentation prefix.
  const address = () => `2001:db8::${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}`;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  beforeAll(async () => {
    await world.start();
    const config: Partial<GatewayConfig> = {
      LLMOPS_AUTH: 'on',
      LOG_REQUESTS: 'false',
      RATE_LIMIT_PER_SECOND: 0.001,
      RATE_LIMIT_BURST: 4,
      AUTH_FAILURE_LIMIT: 3,
      AUTH_FAILURE_WINDOW_SECONDS: 3600,
      TRUST_PROXY: 'loopback',
    };
    // Two more, whose caches outlast the suite (a refusal can only come from identity's
    // announcement) and with no rate limit (they are asked until the announcement has arrived).
    const cached: Partial<GatewayConfig> = { ...config, RATE_LIMIT_PER_SECOND: 0, ACCESS_CACHE_TTL_MS: 60_000 };
    for (const [i, settings] of [config, config, cached, cached].entries()) {
      const app = await createGatewayApp(settings, world.platform.transport, { logger: false });
      await app.listen(0, '127.0.0.1');
      replicas.push(app);
      (i < 2 ? urls : cachingUrls).push(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    }
  });

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await world.stop();
  });

  /** The i-th request goes to replica i % 2, as a round-robin balancer sends them. */
  const roundRobin = (i: number, auth: string, headers: Record<string, string> = {}): Promise<Answer> =>
    call(urls[i % 2], 'GET', `${V1}/experiments`, auth, undefined, headers);

  it('holds the per-token rate limit across replicas: the burst is shared, not one per replica', async () => {
    const ip = address();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await roundRobin(i, world.as('dev'), from(ip))).status);
    // Burst 4 in all, whichever replica served them (per-replica buckets would have allowed 8).
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await roundRobin(0, world.as('dev'), from(ip));
    expect(limited.body.error_code).toBe(ErrorCode.REQUEST_LIMIT_EXCEEDED);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another token has a bucket of its own, on both replicas.
    expect((await roundRobin(0, world.as('other'), from(ip))).status).toBe(200);
    expect((await roundRobin(1, world.as('other'), from(ip))).status).toBe(200);
  });

  it('answers 400 concurrent requests over both replicas with exactly the shared burst, the rest 429', async () => {
    const created = await world.req('POST', `${V1}/tokens`, world.admin, { user: world.names.other, name: 'burst' });
    const auth = bearer(created.body.secret);
    const ip = address();
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => roundRobin(i, auth, from(ip))));
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    expect([count(200), count(429)]).toEqual([4, 396]);
  });

  it('limits failed authentication per client address across replicas, and only for that address', async () => {
    const attacker = address();
    const user = address();
    const guesses: number[] = [];
    for (let i = 0; i < 3; i++) guesses.push((await roundRobin(i, bearer(`llmops_guess${i}`), from(attacker))).status);
    expect(guesses).toEqual([401, 401, 401]);
    // Beyond the limit, on either replica: 429, even with a valid token from that address.
    for (const i of [3, 4]) {
      const refused = await roundRobin(i, bearer(`llmops_guess${i}`), from(attacker));
      expect([refused.status, refused.body.error_code]).toEqual([429, ErrorCode.REQUEST_LIMIT_EXCEEDED]);
    }
    expect((await roundRobin(5, world.as('other'), from(attacker))).status).toBe(429);
    // The same token from another address is not locked out, on either replica.
    expect((await roundRobin(0, world.as('other'), from(user))).status).toBe(200);
    expect((await roundRobin(1, world.as('other'), from(user))).status).toBe(200);
    // Over-long credentials count as failures too (and are 401, never 400).
    const longer = address();
    const long = await roundRobin(0, bearer('x'.repeat(600)), from(longer));
    expect(long.status).toBe(401);
  });

  it('refuses an expired token as a revoked one, and shows expiries in the listing', async () => {
    const expiresAt = Date.now() + 1500;
    const created = await world.req('POST', `${V1}/tokens`, world.admin, {
      user: world.names.dev,
      name: 'short-lived',
      expires_at: expiresAt,
    });
    expect(created.status).toBe(201);
    expect(created.body.token.expires_at).toBe(expiresAt);
    const secret = created.body.secret as string;
    expect((await world.req('GET', `${V1}/experiments`, bearer(secret))).status).toBe(200);
    const listed = await world.req('GET', `${V1}/tokens?user=${world.names.dev}`, world.admin);
    const shown = listed.body.tokens.find((t: { id: string }) => t.id === created.body.token.id);
    expect(shown.expires_at).toBe(expiresAt);
    expect(listed.body.tokens.find((t: { id: string }) => t.id === world.tokenIds.dev).expires_at).toBeNull();
    // Wait until the expiry has passed (no assertion on how long that takes).
    while (Date.now() <= expiresAt + 50) await new Promise((resolve) => setTimeout(resolve, 100));
    const expired = await world.req('GET', `${V1}/experiments`, bearer(secret));
    expect([expired.status, expired.body.error_code]).toEqual([401, ErrorCode.UNAUTHENTICATED]);
    expect(expired.body.message).toBe('Invalid, expired or revoked API token');
    // An expiry that has already passed is refused when the token is made.
    const past = await world.req('POST', `${V1}/tokens`, world.admin, {
      user: world.names.dev,
      expires_at: Date.now() - 1000,
    });
    expect([past.status, past.body.error_code]).toEqual([400, ErrorCode.INVALID_PARAMETER_VALUE]);
  });

  /** Asks until the answer is `status` (identity's announcement travels on its own), 100 times at most. */
  async function until(status: number, ask: () => Promise<Answer>): Promise<Answer> {
    for (let i = 0; ; i++) {
      const answer = await ask();
      if (answer.status === status || i === 100) return answer;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A caching replica's answer to `auth` for GET `path`. */
  const ask = (i: number, path: string, auth: string, ip: string) =>
    call(cachingUrls[i], 'GET', path, auth, undefined, from(ip));

  it('stops a revoked token on every replica, though each remembered it (identity announces it)', async () => {
    const created = await world.req('POST', `${V1}/tokens`, world.admin, { user: world.names.dev, name: 'revoked' });
    const auth = bearer(created.body.secret);
    const ip = address();
    for (const i of [0, 1]) expect((await ask(i, `${V1}/experiments`, auth, ip)).status).toBe(200);
    // Revoked through another gateway (the world's): neither replica made the change itself.
    expect((await world.req('DELETE', `${V1}/tokens/${created.body.token.id}`, world.admin)).status).toBe(200);
    for (const i of [0, 1]) {
      const refused = await until(401, () => ask(i, `${V1}/experiments`, auth, ip));
      expect([refused.status, refused.body.error_code]).toEqual([401, ErrorCode.UNAUTHENTICATED]);
    }
  });

  it('stops a removed permission on every replica, though each remembered it', async () => {
    const name = `cached-${randomBytes(4).toString('hex')}`;
    const exp = (await world.req('POST', `${ML}/experiments/create`, world.as('other'), { name })).body
      .experiment_id as string;
    const grant = { user: world.names.dev, kind: 'experiment', resource_id: exp, permission: 'READ' };
    expect((await world.req('POST', `${V1}/permissions`, world.admin, grant)).status).toBe(201);
    const ip = address();
    const read = (i: number) => ask(i, `${ML}/experiments/get?experiment_id=${exp}`, world.as('dev'), ip);
    for (const i of [0, 1]) expect((await read(i)).status).toBe(200);
    const query = `user=${world.names.dev}&kind=experiment&resource_id=${exp}`;
    expect((await world.req('DELETE', `${V1}/permissions?${query}`, world.admin)).status).toBe(200);
    for (const i of [0, 1]) {
      const refused = await until(403, () => read(i));
      expect([refused.status, refused.body.error_code]).toEqual([403, ErrorCode.PERMISSION_DENIED]);
    }
  });
});
