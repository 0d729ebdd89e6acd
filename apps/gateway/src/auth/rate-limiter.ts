/**
 * A token bucket per key (an API token's hash): `burst` requests at once, refilled at
 * `perSecond`. Buckets idle long enough to be full again are dropped, so memory follows the
 * active callers only.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweepAt = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0 && this.burst > 0;
  }

  /** Takes one request from the key's bucket; false when it is empty. */
  take(key: string): boolean {
    if (!this.enabled) return true;
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    if (now < this.sweepAt) return;
    const fullAfterMs = (this.burst / this.perSecond) * 1000;
    for (const [key, b] of this.buckets) if (now - b.at > fullAfterMs) this.buckets.delete(key);
    this.sweepAt = now + Math.max(1000, fullAfterMs);
  }
}
