import { readFileSync } from 'node:fs';

/**
 * This process's NATS user: NATS_USER with NATS_PASSWORD or NATS_PASSWORD_FILE (each service has
 * its own, see docker/nats). Nothing when NATS_USER is unset (a server without authorization).
 */
export function natsCredentials(env: NodeJS.ProcessEnv = process.env): { user?: string; pass?: string } {
  const user = env.NATS_USER;
  if (!user) return {};
  const file = env.NATS_PASSWORD_FILE;
  const pass = file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : env.NATS_PASSWORD;
  return pass === undefined ? { user } : { user, pass };
}
