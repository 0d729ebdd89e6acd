import { ServiceUnavailableError } from '@llmops/contract';
import { ErrorCode, NatsError } from 'nats';
import { NatsIdentity } from './nats-credentials';

/** A failed first connection, saying what to fix when NATS refused the credentials. */
export function natsConnectError(url: string, identity: NatsIdentity | undefined, error: unknown): Error {
  if ((error as NatsError)?.code === ErrorCode.AuthorizationViolation) {
    const who = identity?.service ?? 'this process';
    const kind = identity?.credentials?.kind;
    const hint =
      kind === 'nkey'
        ? `the server has another public NKEY for ${who}: NATS_NKEY_SEED_FILE must be the seed whose public key ` +
          `is the server's NATS_${who.toUpperCase().replace(/-/g, '_')}_NKEY (docs/deploy.md)`
        : kind
          ? `its credentials (${kind}) are not what the server's configuration has for ${who}`
          : 'it connected without credentials and this NATS requires them: set NATS_NKEY_SEED_FILE (docs/deploy.md)';
    return new ServiceUnavailableError(`NATS at ${url} refused ${who} (Authorization Violation): ${hint}`, {
      cause: error,
    });
  }
  return new ServiceUnavailableError(`Cannot connect to NATS at ${url}: ${(error as Error).message}`, {
    cause: error,
  });
}
