import { InvalidStateError } from '@llmops/contract';
import { IdentityStore } from '../store/identity-store';
import { Clock } from '../shared';
import { hashSecret } from '../tokens/token-secret';
import { TokensHandler } from '../tokens/tokens.handler';

export const BOOTSTRAP_ADMIN = 'admin';

export interface BootstrapOptions {
  /** Whether the gateway authenticates (LLMOPS_AUTH is not `off`). */
  authEnabled: boolean;
  /** LLMOPS_ADMIN_TOKEN: the first admin's API token, chosen by the operator. */
  adminToken?: string;
}

/**
 * The first admin: there is no default password. With auth on, an `admin` user holding the token
 * from LLMOPS_ADMIN_TOKEN is created (or the token added to it), unless that token was revoked;
 * with no admin and no token the service refuses to start.
 */
export async function bootstrapAdmin(
  store: IdentityStore,
  tokens: TokensHandler,
  clock: Clock,
  options: BootstrapOptions,
): Promise<void> {
  const token = options.adminToken?.trim();
  if (!token) {
    if (options.authEnabled && (await store.countAdmins()) === 0) {
      throw new InvalidStateError(
        'Authentication is on and no admin exists: set LLMOPS_ADMIN_TOKEN (or LLMOPS_ADMIN_TOKEN_FILE) to the first ' +
          "admin's API token (at least 32 characters), or set LLMOPS_AUTH=off for a single-user local platform",
      );
    }
    return;
  }
  if (token.length < 32) throw new InvalidStateError('LLMOPS_ADMIN_TOKEN must be at least 32 characters');
  const admin = await store.findUser(BOOTSTRAP_ADMIN);
  if (!admin) {
    await store.saveUser({ name: BOOTSTRAP_ADMIN, roles: ['admin'], createdAt: clock.now() });
  } else if (!admin.roles.includes('admin')) {
    throw new InvalidStateError(`User ${BOOTSTRAP_ADMIN} exists without the admin role; LLMOPS_ADMIN_TOKEN refused`);
  }
  const hash = hashSecret(token);
  // Known (live or revoked) tokens are left alone: a revoked bootstrap token stays revoked.
  if (await store.findTokenByHash(hash)) return;
  await tokens.issue(BOOTSTRAP_ADMIN, 'bootstrap', hash);
}
