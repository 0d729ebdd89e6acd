import { Injectable } from '@nestjs/common';
import { AuthenticateResponse, UnauthenticatedError } from '@llmops/contract';
import { Clock } from '../shared';
import { IdentityStore } from '../store/identity-store';
import { sameHash } from '../tokens/token-secret';

/**
 * A bearer secret's digest (the gateway hashes the secret; it never travels on NATS) to its user
 * and roles; one message for every failure, so nothing is learnt from it.
 */
@Injectable()
export class AuthenticateHandler {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
  ) {}

  async execute(tokenSha256: string): Promise<AuthenticateResponse> {
    const hash = tokenSha256;
    const token = await this.store.findTokenByHash(hash);
    if (!token || !sameHash(token.secretHash, hash) || token.revokedAt !== null) throw invalid();
    const now = this.clock.now();
    // Expired is refused exactly as revoked is (the message says no more than that).
    if (token.expiresAt !== null && token.expiresAt <= now) throw invalid();
    const user = await this.store.findUser(token.user);
    if (!user) throw invalid();
    // To the minute: a write on every call would make each request of a token wait for the
    // previous one's commit on the token's row (200 concurrent calls queue behind it).
    if (token.lastUsedAt === null || now - token.lastUsedAt >= LAST_USED_PRECISION_MS) {
      await this.store.touchToken(token.id, now);
    }
    return { user: user.name, roles: user.roles, expires_at: token.expiresAt };
  }
}

/** How fresh a token's `last_used_at` is kept. */
export const LAST_USED_PRECISION_MS = 60_000;

const invalid = () => new UnauthenticatedError('Invalid, expired or revoked API token');
