import { readFileSync } from 'node:fs';
import {
  Authenticator,
  ConnectionOptions,
  credsAuthenticator,
  nkeyAuthenticator,
  nkeys,
  usernamePasswordAuthenticator,
} from 'nats';

/**
 * How one service proves who it is to NATS. NKEYs are what the shipped configuration uses
 * (docker/nats/nats-server.conf: one public key per service, the seed stays with the service);
 * a `.creds` file serves operators who run NATS accounts/JWT, a user and password their own setups.
 */
export type NatsCredentials =
  | { kind: 'nkey'; seed: Uint8Array }
  | { kind: 'creds'; creds: Uint8Array }
  | { kind: 'password'; user: string; pass: string };

/** A service's identity on NATS: its user name (the inbox prefix follows from it) and its credentials. */
export interface NatsIdentity {
  /** The service's NATS user, as in docker/nats/nats-permissions.ts (`identity`, `batch-orchestrator`, ...). */
  service: string;
  credentials?: NatsCredentials;
}

/**
 * Replies to a service's requests arrive under `_INBOX.<service>.`, and each service user may
 * subscribe only to its own prefix: no service reads another's answers (token secrets travel in
 * identity's answers to the gateway).
 */
export function natsInboxPrefix(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`NATS service name '${service}' must be a-z, 0-9 or -`);
  return `_INBOX.${service}`;
}

/** The variable the shipped nats-server configuration reads a service's public NKEY from. */
export function nkeyVariable(service: string): string {
  return `NATS_${service.toUpperCase().replace(/-/g, '_')}_NKEY`;
}

/** A fresh NKEY user: the seed (secret, the service's) and its public key (the server's configuration). */
export function createNkeyUser(): { seed: string; publicKey: string } {
  const pair = nkeys.createUser();
  return { seed: new TextDecoder().decode(pair.getSeed()), publicKey: pair.getPublicKey() as string };
}

/** The public key of a user NKEY seed; throws when the text is not one. */
export function nkeyPublicKey(seed: string): string {
  const text = seed.trim();
  if (!text.startsWith('SU')) throw new Error('not a NATS user NKEY seed (it starts with SU)');
  return nkeys.fromSeed(new TextEncoder().encode(text)).getPublicKey() as string;
}

/**
 * This process's NATS credentials from the environment, first match wins: `NATS_NKEY_SEED_FILE`
 * (or `NATS_NKEY_SEED`), `NATS_CREDS_FILE`, `NATS_USER` with `NATS_PASSWORD` or
 * `NATS_PASSWORD_FILE`. Undefined when none is set; a clear error when one is set but unusable.
 */
export function natsCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): NatsCredentials | undefined {
  const seedFile = env.NATS_NKEY_SEED_FILE;
  const seedText = seedFile ? readSecretFile('NATS_NKEY_SEED_FILE', seedFile) : env.NATS_NKEY_SEED;
  if (seedText) {
    const seed = seedText.trim();
    try {
      nkeyPublicKey(seed);
    } catch (error) {
      const where = seedFile ? `NATS_NKEY_SEED_FILE (${seedFile})` : 'NATS_NKEY_SEED';
      throw new Error(`${where} does not hold a NATS user NKEY seed: ${(error as Error).message}`, { cause: error });
    }
    return { kind: 'nkey', seed: new TextEncoder().encode(seed) };
  }
  if (env.NATS_CREDS_FILE) {
    return { kind: 'creds', creds: new TextEncoder().encode(readSecretFile('NATS_CREDS_FILE', env.NATS_CREDS_FILE)) };
  }
  if (env.NATS_USER) {
    const pass = env.NATS_PASSWORD_FILE
      ? readSecretFile('NATS_PASSWORD_FILE', env.NATS_PASSWORD_FILE).replace(/\r?\n$/, '')
      : env.NATS_PASSWORD;
    if (!pass) throw new Error('NATS_USER is set without NATS_PASSWORD or NATS_PASSWORD_FILE');
    return { kind: 'password', user: env.NATS_USER, pass };
  }
  return undefined;
}

function readSecretFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${variable}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The connection options for an identity: its authenticator and its own inbox prefix. Nothing
 * without an identity (tests and single-user setups on an open NATS).
 */
export function natsAuthOptions(identity?: NatsIdentity): Pick<ConnectionOptions, 'authenticator' | 'inboxPrefix'> {
  if (!identity) return {};
  return { inboxPrefix: natsInboxPrefix(identity.service), authenticator: authenticatorOf(identity.credentials) };
}

function authenticatorOf(credentials?: NatsCredentials): Authenticator | undefined {
  switch (credentials?.kind) {
    case 'nkey':
      return nkeyAuthenticator(credentials.seed);
    case 'creds':
      return credsAuthenticator(credentials.creds);
    case 'password':
      return usernamePasswordAuthenticator(credentials.user, credentials.pass);
    default:
      return undefined;
  }
}

/**
 * Whether a service must have NATS credentials: yes unless LLMOPS_AUTH is explicitly `off` (the
 * same switch as the gateway's; a single user's platform on an open NATS).
 */
export function natsCredentialsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.LLMOPS_AUTH ?? 'on').trim().toLowerCase() !== 'off';
}

/**
 * A service's identity for services mode, from its environment; fails at boot, with what to set,
 * when credentials are required and missing.
 */
export function serviceNatsIdentity(service: string, env: NodeJS.ProcessEnv = process.env): NatsIdentity {
  const credentials = natsCredentialsFromEnv(env);
  if (!credentials && natsCredentialsRequired(env)) {
    throw new Error(
      `${service}: no NATS credentials. Set NATS_NKEY_SEED_FILE to this service's NKEY seed file ` +
        '(`npm run nats:credentials` writes one per service, see docs/deploy.md), or NATS_CREDS_FILE, ' +
        'or NATS_USER with NATS_PASSWORD_FILE for your own NATS. Only with LLMOPS_AUTH=off may a service ' +
        'connect to NATS anonymously.',
    );
  }
  return { service, credentials };
}
