import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, refuses beyond it, refills with time, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now = 500; // one token back at 2 per second
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('is off with a zero rate', () => {
    const limiter = new RateLimiter(0, 1);
    expect(Array.from({ length: 10 }, () => limiter.take('a')).every(Boolean)).toBe(true);
  });
});
