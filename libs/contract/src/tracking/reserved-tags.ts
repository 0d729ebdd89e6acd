/**
 * Tags only the platform writes. `llmops.*` carries what the services record about a run or a
 * model (an evaluation's model and dataset, the kind of run); `mlflow.user` is the run's author,
 * which the server sets from the authenticated caller when auth is on. A user who could write
 * them could make up evidence (a "passed" evaluation) or pass as someone else.
 */
export const RESERVED_TAG_PREFIX = 'llmops.';

/** MLflow's system tag the server sets from the caller (on run creation). */
export const SERVER_USER_TAG = 'mlflow.user';

/** Why a user may not write this tag key, or undefined when they may. */
export function reservedTagReason(key: unknown): string | undefined {
  if (typeof key !== 'string') return undefined;
  const k = key.trim().toLowerCase();
  if (k.startsWith(RESERVED_TAG_PREFIX)) {
    return `Tag '${key}' is reserved: '${RESERVED_TAG_PREFIX}*' tags are written by the platform only`;
  }
  if (k === SERVER_USER_TAG) {
    return `Tag '${key}' is reserved: the server sets it from the authenticated caller`;
  }
  return undefined;
}
