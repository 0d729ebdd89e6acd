/**
 * Token-bucket arithmetic, shared by the stores (the SQL one computes the same in one statement):
 * a bucket holds up to `burst` requests and refills at `perSecond`; a request takes one. A bucket
 * untouched until it is full again is the same as no bucket at all.
 */
export interface BucketTake {
  bucket: string;
  perSecond: number;
  burst: number;
  now: number;
  /** Requests taken at once, all or none (default 1). */
  count?: number;
}

export interface BucketState {
  tokens: number;
  updatedAt: number;
}

export interface BucketOutcome {
  allowed: boolean;
  /** Tokens left after this request (taken or not). */
  tokens: number;
}

/** The bucket's content at `now`, refilled since it was last written (a clock going back adds nothing). */
export function refilled(state: BucketState | null, take: BucketTake): number {
  if (!state) return take.burst;
  const elapsedMs = Math.max(0, take.now - state.updatedAt);
  return Math.min(take.burst, state.tokens + (elapsedMs / 1000) * take.perSecond);
}

/** Allowed when `count` whole requests are in the bucket, which it then takes. */
export function takeFrom(state: BucketState | null, take: BucketTake): { outcome: BucketOutcome; next?: BucketState } {
  const available = refilled(state, take);
  const count = take.count ?? 1;
  if (available < count) return { outcome: { allowed: false, tokens: available } };
  const tokens = available - count;
  return { outcome: { allowed: true, tokens }, next: { tokens, updatedAt: Math.max(take.now, state?.updatedAt ?? 0) } };
}

/** How long until one whole request is in the bucket again. */
export function retryAfterMs(tokens: number, perSecond: number): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
}

/** When the bucket will be full again, after which it can be forgotten. */
export function fullAt(state: BucketState, take: Pick<BucketTake, 'perSecond' | 'burst'>): number {
  return state.updatedAt + Math.ceil(((take.burst - state.tokens) / take.perSecond) * 1000);
}
