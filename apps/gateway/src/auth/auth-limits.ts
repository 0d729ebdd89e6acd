import { createHash } from 'node:crypto';
import { SUBJECTS, TakeLimitRequest, TakeLimitResponse } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { AuthSettings } from './auth.settings';

/** How many blocked addresses a replica remembers (the oldest are forgotten first). */
const MAX_BLOCKED_ADDRESSES = 10_000;

/** How many tokens' leases a replica holds at most (the oldest are dropped first, unused). */
const MAX_LEASES = 10_000;

/** A lease's unused requests are dropped after this long (they are not given back). */
export const LEASE_MS = 1_000;

/**
 * Requests a replica takes from a token's shared bucket at once: 1% of the smaller of the rate per
 * second and the burst, at most 1,000. With the default limits (50/s, burst 100) that is 1: every
 * request is one take, exact. Only limits of 200/s and more are leased.
 */
export function leaseSize(perSecond: number, burst: number): number {
  return Math.max(1, Math.min(1_000, Math.floor(Math.min(perSecond, burst) / 100)));
}

interface Lease {
  /** Requests taken from the shared bucket and not yet used by this replica. */
  left: number;
  expiresAt: number;
  /** Until then, leases are not asked for (the bucket had fewer than one): single takes only. */
  singleUntil: number;
  /** The take under way, which the requests arriving meanwhile wait for (its refusal is theirs). */
  pending?: Promise<LimitAnswer | undefined>;
}

export interface LimitAnswer {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * The gateway's two rate limits, kept in token buckets of the identity service so that every
 * replica shares them: requests per API token, and failed authentications per client address.
 * A replica also remembers which addresses are over their failure limit until their bucket has a
 * request again, so a blocked address is refused without a call; a replica that has not learnt
 * it yet finds out on that address's next failure (so at most one more attempt per replica).
 *
 * Per-token requests are taken from the shared bucket in leases of `leaseSize` requests (1 with
 * the default limits), used up here before asking again, so that high limits do not cost a
 * database write per request. Leased requests are taken from the shared bucket: the shared limit
 * is never exceeded; at worst a token is refused while other replicas still hold unused leased
 * requests (at most `leaseSize - 1` each, for at most `LEASE_MS`).
 */
export class AuthLimits {
  private readonly blocked = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly settings: AuthSettings,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The address is over its failure limit (as far as this replica knows): refuse it unread. */
  blockedFor(address: string): number {
    const until = this.blocked.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.blocked.delete(address);
    return Math.max(0, left);
  }

  /** One request of an authenticated token (keyed by a hash of the secret, never the secret). */
  async takeRequest(token: string): Promise<LimitAnswer> {
    const { rateLimitPerSecond: perSecond, rateLimitBurst: burst } = this.settings;
    if (!(perSecond > 0)) return { allowed: true, retryAfterMs: 0 };
    const key = createHash('sha256').update(`llmops-rate-limit:${token}`).digest('hex');
    const request = { bucket: `token:${key}`, per_second: perSecond, burst };
    const size = leaseSize(perSecond, burst);
    return size > 1 ? this.takeLeased(request, size) : this.take(request);
  }

  /** One request from this replica's lease of the bucket, leasing more when it is used up. */
  private async takeLeased(request: TakeLimitRequest, size: number): Promise<LimitAnswer> {
    for (;;) {
      let lease = this.leases.get(request.bucket);
      if (lease && !lease.pending && lease.left > 0 && lease.expiresAt <= this.now()) lease.left = 0;
      if (lease && lease.left > 0) {
        lease.left--;
        return { allowed: true, retryAfterMs: 0 };
      }
      if (lease?.pending) {
        const refused = await lease.pending;
        if (refused) return refused;
        continue;
      }
      if (!lease) {
        lease = { left: 0, expiresAt: 0, singleUntil: 0 };
        if (this.leases.size >= MAX_LEASES) this.leases.delete(this.leases.keys().next().value as string);
        this.leases.set(request.bucket, lease);
      }
      lease.pending = this.lease(request, size, lease).finally(() => (lease.pending = undefined));
      const refused = await lease.pending;
      if (refused) return refused;
    }
  }

  /** Fills the lease (undefined) or says why not (the refusal every waiting request gets). */
  private async lease(request: TakeLimitRequest, size: number, lease: Lease): Promise<LimitAnswer | undefined> {
    if (lease.singleUntil <= this.now()) {
      const leased = await this.take({ ...request, count: size });
      if (leased.allowed) {
        lease.left = size;
        lease.expiresAt = this.now() + LEASE_MS;
        return undefined;
      }
      // Fewer than a lease left: one request at a time until it has had time to refill.
      lease.singleUntil = this.now() + LEASE_MS;
    }
    const single = await this.take(request);
    if (!single.allowed) return single;
    lease.left = 1;
    lease.expiresAt = this.now() + LEASE_MS;
    return undefined;
  }

  /**
   * Records a failed authentication from the address. Not allowed: it was beyond the limit. Once
   * the bucket is empty the address is blocked here until it has a request again.
   */
  async failed(address: string): Promise<LimitAnswer> {
    const { authFailureLimit: limit, authFailureWindowSeconds: window } = this.settings;
    if (!(limit > 0) || !(window > 0)) return { allowed: true, retryAfterMs: 0 };
    const answer = await this.take({
      bucket: `auth-failures:${bucketKey(address)}`,
      per_second: limit / window,
      burst: limit,
    });
    if (answer.retryAfterMs > 0) this.block(address, answer.retryAfterMs);
    return answer;
  }

  private async take(request: TakeLimitRequest): Promise<LimitAnswer> {
    const answer = await this.rpc.request<TakeLimitResponse, TakeLimitRequest>(SUBJECTS.identity.limits.take, request);
    return { allowed: answer.allowed, retryAfterMs: answer.retry_after_ms };
  }

  private block(address: string, forMs: number): void {
    this.blocked.delete(address);
    if (this.blocked.size >= MAX_BLOCKED_ADDRESSES) this.blocked.delete(this.blocked.keys().next().value as string);
    this.blocked.set(address, this.now() + forMs);
  }
}

/** An address as a bucket key: IPv6 zone ids and anything unusual become '_'. */
function bucketKey(address: string): string {
  return address.replace(/[^A-Za-z0-9:._-]/g, '_').slice(0, 100) || 'unknown';
}
