import { SUBJECTS, TakeLimitRequest, TakeLimitResponse } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { AuthLimits, LEASE_MS, leaseSize } from './auth-limits';
import { AuthSettings } from './auth.settings';

/** The identity service's buckets, as far as the gateway sees them: answers in order, requests kept. */
class ScriptedLimits extends RpcClient {
  readonly asked: TakeLimitRequest[] = [];
  constructor(private readonly answers: TakeLimitResponse[]) {
    super();
  }
  async request<T>(subject: string, payload: unknown): Promise<T> {
    expect(subject).toBe(SUBJECTS.identity.limits.take);
    this.asked.push(payload as TakeLimitRequest);
    return this.answers.shift() as T;
  }
  async emit(): Promise<void> {}
  answersLeft(more: TakeLimitResponse[]): void {
    this.answers.push(...more);
  }
}

const settings: AuthSettings = {
  enabled: true,
  rateLimitPerSecond: 50,
  rateLimitBurst: 100,
  authFailureLimit: 3,
  authFailureWindowSeconds: 60,
};
const ok = (remaining: number): TakeLimitResponse => ({ allowed: true, remaining, retry_after_ms: 0 });

describe('AuthLimits', () => {
  it('takes a request from a bucket named by a hash of the token, never the token', async () => {
    const rpc = new ScriptedLimits([ok(99), { allowed: false, remaining: 0, retry_after_ms: 20 }]);
    const limits = new AuthLimits(rpc, settings);
    expect(await limits.takeRequest('llmops_secret')).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await limits.takeRequest('llmops_secret')).toEqual({ allowed: false, retryAfterMs: 20 });
    expect(rpc.asked[0]).toEqual({ bucket: expect.stringMatching(/^token:[0-9a-f]{64}$/), per_second: 50, burst: 100 });
    expect(JSON.stringify(rpc.asked)).not.toContain('llmops_secret');
  });

  it('counts failures per address over the window, and blocks the address here once its bucket is empty', async () => {
    let now = 1_000;
    const rpc = new ScriptedLimits([ok(2), ok(1), { allowed: true, remaining: 0, retry_after_ms: 20_000 }]);
    const limits = new AuthLimits(rpc, settings, () => now);
    for (let i = 0; i < 3; i++) expect((await limits.failed('203.0.113.7')).allowed).toBe(true);
    expect(rpc.asked[0]).toEqual({ bucket: 'auth-failures:203.0.113.7', per_second: 3 / 60, burst: 3 });
    expect(limits.blockedFor('203.0.113.7')).toBe(20_000);
    expect(limits.blockedFor('198.51.100.9')).toBe(0);
    now += 20_000;
    expect(limits.blockedFor('203.0.113.7')).toBe(0);
  });

  it('asks nothing when a limit is off, and keeps odd addresses to a safe bucket name', async () => {
    const rpc = new ScriptedLimits([ok(1)]);
    const off = new AuthLimits(rpc, { ...settings, rateLimitPerSecond: 0, authFailureLimit: 0 });
    expect(await off.takeRequest('t')).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await off.failed('x')).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(rpc.asked).toEqual([]);
    await new AuthLimits(rpc, settings).failed('fe80::1%eth0');
    expect(rpc.asked[0].bucket).toBe('auth-failures:fe80::1_eth0');
  });

  it('leases only high limits: with the defaults every request is one take', () => {
    expect(leaseSize(50, 100)).toBe(1);
    expect(leaseSize(0.001, 4)).toBe(1);
    expect(leaseSize(1_000, 500)).toBe(5);
    expect(leaseSize(100_000, 100_000)).toBe(1_000);
  });

  it('takes a lease for concurrent requests once, uses it up, then takes another', async () => {
    let now = 0;
    const rpc = new ScriptedLimits([ok(995), ok(990)]);
    const limits = new AuthLimits(rpc, { ...settings, rateLimitPerSecond: 500, rateLimitBurst: 1_000 }, () => now);
    const answers = await Promise.all(Array.from({ length: 7 }, () => limits.takeRequest('t')));
    expect(answers.every((a) => a.allowed)).toBe(true);
    expect(rpc.asked.map((a) => a.count)).toEqual([5, 5]);
    // Two left in the second lease, until it expires unused.
    now += LEASE_MS;
    rpc.answersLeft([ok(985)]);
    expect((await limits.takeRequest('t')).allowed).toBe(true);
    expect(rpc.asked.map((a) => a.count)).toEqual([5, 5, 5]);
  });

  it('refuses every waiting request when the bucket is empty, and takes one at a time near the end', async () => {
    const now = 0;
    const refused: TakeLimitResponse = { allowed: false, remaining: 0, retry_after_ms: 300 };
    // The lease is refused (2 left), one request is taken singly; the next lease attempt waits.
    const rpc = new ScriptedLimits([{ allowed: false, remaining: 2, retry_after_ms: 0 }, ok(1), ok(0), refused]);
    const limits = new AuthLimits(rpc, { ...settings, rateLimitPerSecond: 500, rateLimitBurst: 1_000 }, () => now);
    const answers = await Promise.all(Array.from({ length: 4 }, () => limits.takeRequest('t')));
    expect(answers).toEqual([
      { allowed: true, retryAfterMs: 0 },
      { allowed: true, retryAfterMs: 0 },
      { allowed: false, retryAfterMs: 300 },
      { allowed: false, retryAfterMs: 300 },
    ]);
    expect(rpc.asked.map((a) => a.count)).toEqual([5, undefined, undefined, undefined]);
  });
});
