import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

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
  const present = targets.filter((path) => existsSync(path));
  if (present.length > 0 && !options.force) {
    throw new Error(`${present.join(', ')} exist: keep them, or pass --force to rotate the database password`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // URL-safe, so the URL needs no escaping.
  const password = randomBytes(24).toString('base64url');
  const contents = [password, `postgres://llmops:${password}@postgres:5432/llmops`];
  targets.forEach((path, i) => {
    writeFileSync(path, contents[i] + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
  });
  return targets;
}

function main(argv: string[]): void {
  let dir = DEFAULT_DATABASE_CREDENTIALS_DIR;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) dir = argv[++i];
    else if (argv[i] === '--force') force = true;
    else throw new Error(`unknown option ${argv[i]} (usage: --out DIR, --force)`);
  }
  for (const path of writeDatabaseCredentials(resolve(dir), { force })) console.log(`wrote ${path}`);
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
