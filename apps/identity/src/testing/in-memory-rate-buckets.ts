import { RateBuckets } from '../limits/rate-buckets.port';
import { BucketOutcome, BucketState, BucketTake, fullAt, takeFrom } from '../limits/token-bucket';

/** The rate-bucket port in memory, for unit tests. */
export class InMemoryRateBuckets extends RateBuckets {
  readonly buckets = new Map<string, BucketState & { fullAt: number }>();

  async take(take: BucketTake): Promise<BucketOutcome> {
    const { outcome, next } = takeFrom(this.buckets.get(take.bucket) ?? null, take);
    if (next) this.buckets.set(take.bucket, { ...next, fullAt: fullAt(next, take) });
    return outcome;
  }

  async sweep(now: number): Promise<number> {
    let swept = 0;
    for (const [key, b] of this.buckets) if (b.fullAt < now && this.buckets.delete(key)) swept++;
    return swept;
  }
}
