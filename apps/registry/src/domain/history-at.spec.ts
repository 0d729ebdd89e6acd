import { HistoryAction } from '@llmops/contract';
import { aliasHolderAt, versionsInStageAt } from './history-at';
import { HistoryEntry } from './registry.model';

let id = 0;
function entry(partial: Partial<HistoryEntry>): HistoryEntry {
  return {
    id: String(++id),
    modelId: 'm',
    name: 'm',
    version: 1,
    action: HistoryAction.STAGE_TRANSITION,
    fromStage: null,
    toStage: null,
    alias: null,
    previousVersion: null,
    userId: 'u',
    at: 0,
    reason: null,
    evaluationRunId: null,
    evaluation: null,
    override: false,
    ...partial,
  };
}

describe('history at time T', () => {
  const entries = [
    entry({ version: 1, at: 100, fromStage: 'None', toStage: 'Production' }),
    entry({ version: 2, at: 200, fromStage: 'None', toStage: 'Production' }),
    entry({ version: 1, at: 200, fromStage: 'Production', toStage: 'Archived' }),
    entry({ version: 2, at: 300, action: HistoryAction.VERSION_DELETED, fromStage: 'Production' }),
    entry({ version: 1, at: 150, action: HistoryAction.ALIAS_SET, alias: 'champion' }),
    entry({ version: 2, at: 250, action: HistoryAction.ALIAS_SET, alias: 'champion', previousVersion: 1 }),
    entry({ version: 2, at: 280, action: HistoryAction.ALIAS_DELETED, alias: 'champion', previousVersion: 2 }),
  ];
  const existing = [
    { version: 1, createdAt: 50 },
    { version: 3, createdAt: 120 },
  ];

  it('replays stage transitions up to T', () => {
    expect(versionsInStageAt(entries, existing, 'Production', 99)).toEqual([]);
    expect(versionsInStageAt(entries, existing, 'Production', 100)).toEqual([1]);
    expect(versionsInStageAt(entries, existing, 'Production', 199)).toEqual([1]);
    expect(versionsInStageAt(entries, existing, 'Production', 200)).toEqual([2]);
    expect(versionsInStageAt(entries, existing, 'Archived', 200)).toEqual([1]);
    expect(versionsInStageAt(entries, existing, 'Production', 300)).toEqual([]);
  });

  it('counts never-transitioned versions as None from their creation', () => {
    expect(versionsInStageAt(entries, existing, 'None', 60)).toEqual([1]);
    expect(versionsInStageAt(entries, existing, 'None', 130)).toEqual([3]);
  });

  it('replays alias moves up to T', () => {
    expect(aliasHolderAt(entries, 'champion', 149)).toBeNull();
    expect(aliasHolderAt(entries, 'champion', 150)).toBe(1);
    expect(aliasHolderAt(entries, 'champion', 260)).toBe(2);
    expect(aliasHolderAt(entries, 'champion', 280)).toBeNull();
    expect(aliasHolderAt(entries, 'challenger', 260)).toBeNull();
  });
});
