import { Injectable } from '@nestjs/common';
import { Clock } from '../shared';
import { RateBuckets } from './rate-buckets.port';
import { retryAfterMs } from './token-bucket';

/** Forgotten buckets (full again) are swept at most this often per identity replica. */
const SWEEP_EVERY_MS = 60_000;

/** One request from a shared token bucket: allowed or not, what is left, and when to retry. */
@Injectable()
export class TakeLimitHandler {
  private sweepAt = 0;

  constructor(
    private readonly buckets: RateBuckets,
    private readonly clock: Clock,
  ) {}

  async execute(q: {
    bucket: string;
    perSecond: number;
    burst: number;
    /** Requests taken at once, all or none (default 1). */
    count?: number;
  }): Promise<{ allowed: boolean; remaining: number; retryAfterMs: number }> {
    const now = this.clock.now();
    const outcome = await this.buckets.take({ ...q, now });
    if (now >= this.sweepAt) {
      this.sweepAt = now + SWEEP_EVERY_MS;
      await this.buckets.sweep(now);
    }
    return {
      allowed: outcome.allowed,
      remaining: Math.max(0, Math.floor(outcome.tokens)),
      retryAfterMs: retryAfterMs(outcome.tokens, q.perSecond),
    };
  }
}
