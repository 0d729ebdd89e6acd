import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Shared by the credentials commands (`npm run nats:credentials`, `npm run db:credentials`). */

/** Existing files are kept: a rotation must be asked for (`--force`), with what it means. */
export function refuseExisting(targets: string[], force: boolean | undefined, whatForceDoes: string): void {
  const present = targets.filter((path) => existsSync(path));
  if (present.length > 0 && !force) {
    throw new Error(`${present.join(', ')} exist: keep them, or pass --force to ${whatForceDoes}`);
  }
}

/** A directory only its owner may enter. */
export function makeSecretDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** A file only its owner may read (set again on rotation: writeFileSync keeps an existing file's mode). */
export function writeSecretFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * The command line of a credentials script run directly: `[--out DIR] [--force]`, one line per file
 * written, a message and exit code 1 on any error.
 */
export function runCredentialsCommand(
  file: string,
  defaultDir: string,
  write: (dir: string, options: { force: boolean }) => string[],
): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== file) return;
  try {
    const argv = process.argv.slice(2);
    let dir = defaultDir;
    let force = false;
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '--out' && argv[i + 1]) dir = argv[++i];
      else if (argv[i] === '--force') force = true;
      else throw new Error(`unknown option ${argv[i]} (usage: --out DIR, --force)`);
    }
    for (const path of write(resolve(dir), { force })) console.log(`wrote ${path}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
