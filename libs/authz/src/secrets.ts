import { readFileSync } from 'node:fs';

/**
 * A secret from the environment: `NAME`, or the contents of the file `NAME_FILE` names (Docker and
 * Kubernetes secrets), trailing newline dropped. Never logged; undefined when neither is set.
 */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Whether the gateway authenticates: on unless LLMOPS_AUTH is explicitly `off`. */
export function authEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.LLMOPS_AUTH ?? 'on').trim().toLowerCase() !== 'off';
}
