import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeSecretDir, refuseExisting, runCredentialsCommand, writeSecretFile } from '../secret-files';

/**
 * `npm run db:credentials -- [--out DIR] [--force]`: the compose deployment's PostgreSQL password, as
 * secret files (never a literal in docker/compose.yaml or the environment):
 *   DIR/password       PostgreSQL's `llmops` password (POSTGRES_PASSWORD_FILE of the postgres image)
 *   DIR/database-url   postgres://llmops:<password>@postgres:5432/llmops (each service's DATABASE_URL_FILE)
 * Both mode 0600. Existing files are kept unless --force (which rotates the password: only for a new
 * database volume, since PostgreSQL keeps the password it was initialised with).
 */
export const DEFAULT_DATABASE_CREDENTIALS_DIR = 'docker/secrets/postgres';
export const PASSWORD_FILE = 'password';
export const DATABASE_URL_FILE = 'database-url';

export function writeDatabaseCredentials(dir: string, options: { force?: boolean } = {}): string[] {
  const targets = [PASSWORD_FILE, DATABASE_URL_FILE].map((name) => join(dir, name));
  refuseExisting(targets, options.force, 'rotate the database password');
  makeSecretDir(dir);
  // URL-safe, so the URL needs no escaping.
  const password = randomBytes(24).toString('base64url');
  const contents = [password, `postgres://llmops:${password}@postgres:5432/llmops`];
  targets.forEach((path, i) => writeSecretFile(path, contents[i] + '\n'));
  return targets;
}

runCredentialsCommand(__filename, DEFAULT_DATABASE_CREDENTIALS_DIR, writeDatabaseCredentials);
