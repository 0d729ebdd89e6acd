/** DI token of the registry routes' settings. */
export const REGISTRY_HTTP_OPTIONS = Symbol('REGISTRY_HTTP_OPTIONS');

export interface RegistryHttpOptions {
  /** How long `POST .../evaluations` waits: it summarizes a whole held-out set. */
  evaluationTimeoutMs: number;
}

export const DEFAULT_EVALUATION_TIMEOUT_MS = 30 * 60_000;

/** From the environment: `EVALUATION_TIMEOUT_MS` (default 30 minutes). */
export function registryHttpOptionsFrom(env: NodeJS.ProcessEnv = process.env): RegistryHttpOptions {
  const raw = env.EVALUATION_TIMEOUT_MS;
  const value = raw === undefined || raw === '' ? DEFAULT_EVALUATION_TIMEOUT_MS : Number(raw);
  if (!Number.isInteger(value) || value < 1000) {
    throw new Error(`EVALUATION_TIMEOUT_MS must be an integer number of milliseconds >= 1000 (got ${raw})`);
  }
  return { evaluationTimeoutMs: value };
}
