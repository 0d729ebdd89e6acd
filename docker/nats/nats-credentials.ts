import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNkeyUser, nkeyVariable } from '@llmops/messaging';
import { SERVICE_PERMISSIONS } from './nats-permissions';

/**
 * `npm run nats:credentials -- [--out DIR] [--force]`: one NKEY per service user of
 * docker/nats/nats-server.conf, for an operator's deployment (compose reads docker/secrets/nats).
 *   DIR/<service>.nk     the service's seed (mode 0600): its secret, mounted into its container only
 *   DIR/nats-server.env  NATS_<SERVICE>_NKEY=<public key> lines: the server's environment (not secret)
 * Existing files are kept unless --force (which rotates every key: restart NATS and every service).
 */
export const DEFAULT_CREDENTIALS_DIR = 'docker/secrets/nats';
export const SERVER_ENV_FILE = 'nats-server.env';
export const seedFileName = (service: string) => `${service}.nk`;

export function writeNatsCredentials(dir: string, options: { force?: boolean } = {}): string[] {
  const services = Object.keys(SERVICE_PERMISSIONS);
  const targets = [...services.map(seedFileName), SERVER_ENV_FILE].map((name) => join(dir, name));
  const present = targets.filter((path) => existsSync(path));
  if (present.length > 0 && !options.force) {
    throw new Error(`${present.join(', ')} exist: keep them, or pass --force to rotate every NATS key`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const publicKeys: string[] = [];
  for (const service of services) {
    const { seed, publicKey } = createNkeyUser();
    const path = join(dir, seedFileName(service));
    writeFileSync(path, seed + '\n', { mode: 0o600 });
    // writeFileSync keeps an existing file's mode: set it again on rotation.
    chmodSync(path, 0o600);
    publicKeys.push(`${nkeyVariable(service)}=${publicKey}`);
  }
  const envPath = join(dir, SERVER_ENV_FILE);
  writeFileSync(
    envPath,
    '# Public NKEYs of the service users (docker/nats/nats-server.conf reads them); not secret.\n' +
      publicKeys.join('\n') +
      '\n',
  );
  return targets;
}

function main(argv: string[]): void {
  let dir = DEFAULT_CREDENTIALS_DIR;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) dir = argv[++i];
    else if (argv[i] === '--force') force = true;
    else throw new Error(`unknown option ${argv[i]} (usage: --out DIR, --force)`);
  }
  const written = writeNatsCredentials(resolve(dir), { force });
  for (const path of written) console.log(`wrote ${path}`);
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
