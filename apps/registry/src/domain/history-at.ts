import { HistoryAction, ModelStage } from '@llmops/contract';
import { HistoryEntry, ModelVersion } from './registry.model';

/**
 * Replays a model's history (in recording order) up to time `at`. Entries are appended under the
 * model's row lock, so their order is the order in which the changes took effect.
 */
export function versionsInStageAt(
  entries: readonly HistoryEntry[],
  existing: readonly Pick<ModelVersion, 'version' | 'createdAt'>[],
  stage: ModelStage,
  at: number,
): number[] {
  const stageOf = new Map<number, ModelStage | null>();
  // A version never transitioned is in None from its creation (creation is not a history entry).
  for (const v of existing) if (v.createdAt <= at) stageOf.set(v.version, 'None');
  for (const e of entries) {
    if (e.at > at) continue;
    if (e.action === HistoryAction.STAGE_TRANSITION) stageOf.set(e.version, e.toStage);
    else if (e.action === HistoryAction.VERSION_DELETED) stageOf.set(e.version, null);
  }
  return [...stageOf.entries()]
    .filter(([, s]) => s === stage)
    .map(([v]) => v)
    .sort((a, b) => a - b);
}

export function aliasHolderAt(entries: readonly HistoryEntry[], alias: string, at: number): number | null {
  let holder: number | null = null;
  for (const e of entries) {
    if (e.at > at || e.alias !== alias) continue;
    if (e.action === HistoryAction.ALIAS_SET) holder = e.version;
    else if (e.action === HistoryAction.ALIAS_DELETED) holder = null;
  }
  return holder;
}
