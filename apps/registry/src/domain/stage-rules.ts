import { InvalidParameterError, MODEL_STAGES, ModelStage, normaliseStage } from '@llmops/contract';
import { ModelVersion } from './registry.model';

export function parseStage(value: string): ModelStage {
  const stage = typeof value === 'string' ? normaliseStage(value.trim()) : undefined;
  if (!stage) {
    throw new InvalidParameterError(`Invalid stage '${value}': expected one of ${MODEL_STAGES.join(', ')}`);
  }
  return stage;
}

export interface StageChange {
  version: number;
  fromStage: ModelStage;
  toStage: ModelStage;
  /** Set on versions archived because another version took their stage. */
  archivedBy: number | null;
}

/**
 * What a transition changes. Every move between the four stages is allowed (as in MLflow);
 * `archiveExisting` moves the versions that held the target stage to Archived, and only makes sense
 * for Staging and Production.
 */
export function planTransition(
  versions: readonly ModelVersion[],
  target: number,
  toStage: ModelStage,
  archiveExisting: boolean,
): StageChange[] {
  const current = versions.find((v) => v.version === target);
  if (!current) throw new Error(`planTransition: version ${target} is not among the model's versions`);
  if (archiveExisting && toStage !== 'Staging' && toStage !== 'Production') {
    throw new InvalidParameterError(
      `archive_existing_versions can only be used when transitioning to Staging or Production, not ${toStage}`,
    );
  }
  const changes: StageChange[] = [{ version: target, fromStage: current.stage, toStage, archivedBy: null }];
  if (archiveExisting) {
    for (const other of versions) {
      if (other.version !== target && other.stage === toStage) {
        changes.push({ version: other.version, fromStage: other.stage, toStage: 'Archived', archivedBy: target });
      }
    }
  }
  return changes;
}

/** The latest version (highest number) of each requested stage that has one. */
export function latestPerStage(versions: readonly ModelVersion[], stages?: readonly ModelStage[]): ModelVersion[] {
  const best = new Map<ModelStage, ModelVersion>();
  for (const v of versions) {
    if (stages && !stages.includes(v.stage)) continue;
    const held = best.get(v.stage);
    if (!held || held.version < v.version) best.set(v.stage, v);
  }
  return [...best.values()].sort((a, b) => a.version - b.version);
}
