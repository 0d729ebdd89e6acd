import { TRACKING_SUBJECTS } from './tracking.subjects';
import { BATCH_SUBJECTS } from './batch.subjects';
import { REGISTRY_SUBJECTS } from './registry.subjects';
import { INFERENCE_SUBJECTS } from './inference.subjects';
import { EVALUATION_SUBJECTS } from './evaluation.subjects';
import { IDENTITY_SUBJECTS } from './identity.subjects';
import { PRESENCE_SUBJECTS } from './presence.subjects';

/**
 * Every NATS subject of the platform, defined once. The version segment (`v1`) lets a new
 * contract run next to the old one during a rolling upgrade.
 */
export const SUBJECTS = {
  tracking: TRACKING_SUBJECTS,
  batch: BATCH_SUBJECTS,
  registry: REGISTRY_SUBJECTS,
  inference: INFERENCE_SUBJECTS,
  evaluation: EVALUATION_SUBJECTS,
  identity: IDENTITY_SUBJECTS,
  presence: PRESENCE_SUBJECTS,
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];
export type Subject = Leaves<typeof SUBJECTS>;

/** Flattens the table, for NATS permission files and for tests that every subject is served. */
export function allSubjects(table: unknown = SUBJECTS): string[] {
  if (typeof table === 'string') return [table];
  return Object.values(table as Record<string, unknown>).flatMap((v) => allSubjects(v));
}
