import { BucketOutcome, BucketTake } from './token-bucket';

/**
 * Where token buckets are kept so that every gateway replica shares them: one atomic take per
 * request (the identity database when running; memory in unit tests).
 */
export abstract class RateBuckets {
  abstract take(take: BucketTake): Promise<BucketOutcome>;
  /** Forgets buckets that are full again by `now`; returns how many. */
  abstract sweep(now: number): Promise<number>;
}
