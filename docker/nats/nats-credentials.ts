import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNkeyUser, nkeyVariable } from '@llmops/messaging';
import { makeSecretDir, refuseExisting, runCredentialsCommand, writeSecretFile } from '../secret-files';
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
  refuseExisting(targets, options.force, 'rotate every NATS key');
  makeSecretDir(dir);
  const publicKeys: string[] = [];
  for (const service of services) {
    const { seed, publicKey } = createNkeyUser();
    const path = join(dir, seedFileName(service));
    writeSecretFile(path, seed + '\n');
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

runCredentialsCommand(__filename, DEFAULT_CREDENTIALS_DIR, writeNatsCredentials);
