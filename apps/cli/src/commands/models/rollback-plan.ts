import { HistoryAction, InvalidStateError, type HistoryEntryView } from '@llmops/contract';
import type { ModelVersionJson } from '../../client/platform-client';

export interface RollbackPlan {
  /** The versions in Production now (the rollback archives them). */
  from: string[];
  /** The version that held Production before them. */
  to: string;
}

/**
 * Which version a rollback brings back: the latest one the history moved into Production that is
 * not in Production now and still exists. Read from the transition history, not from version
 * numbers, so it undoes what happened (e.g. a hotfix promoted out of order).
 */
export function rollbackPlan(name: string, versions: ModelVersionJson[], history: HistoryEntryView[]): RollbackPlan {
  const current = versions.filter((v) => v.current_stage === 'Production').map((v) => v.version);
  const existing = new Set(versions.map((v) => v.version));
  const promotions = history
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.action === HistoryAction.STAGE_TRANSITION && entry.to_stage === 'Production')
    // Newest first; entries of the same millisecond keep the order the registry listed them in.
    .sort((a, b) => b.entry.timestamp - a.entry.timestamp || b.index - a.index);
  const previous = promotions.find(({ entry }) => !current.includes(entry.version) && existing.has(entry.version));
  if (!previous) {
    const now = current.length ? `version ${current.join(', ')} is the only one` : 'no version has been';
    throw new InvalidStateError(`Nothing to roll back for '${name}': ${now} in Production in its history`);
  }
  return { from: current, to: previous.entry.version };
}
