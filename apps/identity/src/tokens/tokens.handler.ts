import { Injectable, Optional } from '@nestjs/common';
import { AUDIT_ACTIONS, InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { AuditLog } from '../audit/audit-log';
import { IdentityEvents, NoIdentityEvents } from '../events/identity-events';
import { Clock, IdGenerator } from '../shared';
import { IdentityStore } from '../store/identity-store';
import { ApiToken } from '../store/identity.model';
import { hashSecret, newTokenSecret } from './token-secret';

/** API tokens: created for a user (the secret is returned once), listed, revoked. */
@Injectable()
export class TokensHandler {
  constructor(
    private readonly store: IdentityStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly audit: AuditLog,
    @Optional() private readonly events: IdentityEvents = new NoIdentityEvents(),
  ) {}

  async create(
    actor: string,
    user: string,
    name?: string,
    expiresAt?: number,
  ): Promise<{ token: ApiToken; secret: string }> {
    if (expiresAt !== undefined && expiresAt <= this.clock.now()) {
      throw new InvalidParameterError(`expires_at ${expiresAt} is not in the future`);
    }
    if (!(await this.store.findUser(user))) throw new ResourceNotFoundError(`User ${user} does not exist`);
    const secret = newTokenSecret();
    const token = await this.issue(user, name ?? 'api', hashSecret(secret), expiresAt ?? null);
    await this.audit.record(actor, AUDIT_ACTIONS.tokenCreated, `token:${token.id}`, {
      user,
      name: token.name,
      ...(token.expiresAt !== null ? { expires_at: token.expiresAt } : {}),
    });
    return { token, secret };
  }

  /** Stores a token whose secret the caller already hashed (the bootstrap admin's). */
  async issue(user: string, name: string, secretHash: string, expiresAt: number | null = null): Promise<ApiToken> {
    const token: ApiToken = {
      id: this.ids.next(),
      user,
      name,
      secretHash,
      createdAt: this.clock.now(),
      revokedAt: null,
      lastUsedAt: null,
      expiresAt,
    };
    await this.store.saveToken(token);
    return token;
  }

  list(user?: string): Promise<ApiToken[]> {
    return this.store.listTokens(user);
  }

  async revoke(actor: string, id: string): Promise<ApiToken> {
    const token = await this.store.findToken(id);
    if (!token) throw new ResourceNotFoundError(`Token ${id} does not exist`);
    if (token.revokedAt === null) {
      token.revokedAt = this.clock.now();
      await this.store.saveToken(token);
      await this.audit.record(actor, AUDIT_ACTIONS.tokenRevoked, `token:${id}`, { user: token.user });
    }
    // Also when it was revoked already: a replica may have missed the first event.
    await this.events.tokenRevoked({ token_id: token.id, user: token.user });
    return token;
  }
}
