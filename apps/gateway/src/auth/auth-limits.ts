import { createHash } from 'node:crypto';
import { SUBJECTS, TakeLimitRequest, TakeLimitResponse } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import { AuthSettings } from './auth.settings';

/** How many blocked addresses a replica remembers (the oldest are forgotten first). */
const MAX_BLOCKED_ADDRESSES = 10_000;

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
 */
export class AuthLimits {
  private readonly blocked = new Map<string, number>();

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
    return this.take({ bucket: `token:${key}`, per_second: perSecond, burst });
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
