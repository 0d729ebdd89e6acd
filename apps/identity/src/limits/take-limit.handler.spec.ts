import { Clock } from '../shared';
import { InMemoryRateBuckets } from '../testing/in-memory-rate-buckets';
import { TakeLimitHandler } from './take-limit.handler';

class ManualClock extends Clock {
  constructor(public at: number) {
    super();
  }
  now(): number {
    return this.at;
  }
}

describe('TakeLimitHandler', () => {
  it('allows a burst, refuses beyond it with when to retry, refills with time, per bucket', async () => {
    const clock = new ManualClock(10_000);
    const handler = new TakeLimitHandler(new InMemoryRateBuckets(), clock);
    const take = (bucket = 'token:a') => handler.execute({ bucket, perSecond: 2, burst: 3 });
    expect((await Promise.all([take(), take(), take()])).map((r) => r.allowed)).toEqual([true, true, true]);
    expect(await take()).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500 });
    expect((await take('token:b')).allowed).toBe(true);
    clock.at += 500; // one request back at 2 per second
    expect(await take()).toEqual({ allowed: true, remaining: 0, retryAfterMs: 500 });
    expect((await take()).allowed).toBe(false);
  });

  it('takes several requests at once, all or none', async () => {
    const clock = new ManualClock(0);
    const handler = new TakeLimitHandler(new InMemoryRateBuckets(), clock);
    const take = (count: number) => handler.execute({ bucket: 'token:lease', perSecond: 1, burst: 10, count });
    expect(await take(6)).toEqual({ allowed: true, remaining: 4, retryAfterMs: 0 });
    // Five asked, four left: none taken (the remaining count says what one request could have).
    expect(await take(5)).toEqual({ allowed: false, remaining: 4, retryAfterMs: 0 });
    expect(await take(4)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 1000 });
    expect(await take(11)).toMatchObject({ allowed: false });
  });

  it('forgets buckets once they are full again', async () => {
    const clock = new ManualClock(0);
    const buckets = new InMemoryRateBuckets();
    const handler = new TakeLimitHandler(buckets, clock);
    await handler.execute({ bucket: 'auth-failures:x', perSecond: 1, burst: 5 });
    expect(buckets.buckets.size).toBe(1);
    clock.at = 120_000;
    await handler.execute({ bucket: 'token:y', perSecond: 1, burst: 5 });
    expect([...buckets.buckets.keys()]).toEqual(['token:y']);
  });
});
