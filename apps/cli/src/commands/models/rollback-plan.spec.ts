import { InvalidStateError, type HistoryEntryView } from '@llmops/contract';
import type { ModelVersionJson } from '../../client/platform-client';
import { rollbackPlan } from './rollback-plan';

const version = (v: string, stage: string): ModelVersionJson => ({
  name: 'm',
  version: v,
  current_stage: stage,
  source: `runs:/r${v}/model`,
});

let clock = 1000;
const toProduction = (v: string, at = (clock += 10)): HistoryEntryView => ({
  id: `h${at}`,
  name: 'm',
  version: v,
  action: 'stage_transition',
  from_stage: 'None',
  to_stage: 'Production',
  alias: null,
  previous_version: null,
  user_id: 'u',
  timestamp: at,
  reason: null,
  evaluation_run_id: null,
  evaluation: null,
  override: false,
});

describe('rollbackPlan', () => {
  it('brings back the version that held Production before the current one', () => {
    const plan = rollbackPlan(
      'm',
      [version('1', 'Archived'), version('2', 'Archived'), version('3', 'Production')],
      [toProduction('1'), toProduction('2'), toProduction('3')],
    );
    expect(plan).toEqual({ from: ['3'], to: '2' });
  });

  it('follows the history, not version numbers (a hotfix promoted after a newer version)', () => {
    const plan = rollbackPlan(
      'm',
      [version('1', 'Production'), version('2', 'Archived'), version('3', 'Archived')],
      [toProduction('3'), toProduction('2'), toProduction('1')],
    );
    expect(plan.to).toBe('2');
  });

  it('skips deleted versions and versions re-promoted since', () => {
    const plan = rollbackPlan(
      'm',
      [version('1', 'Archived'), version('3', 'Production')],
      [toProduction('1'), toProduction('2'), toProduction('3'), toProduction('3')],
    );
    expect(plan.to).toBe('1');
  });

  it('ignores alias moves and transitions to other stages', () => {
    const staging = { ...toProduction('2'), to_stage: 'Staging' as const };
    const alias = { ...toProduction('2'), action: 'alias_set' as const, to_stage: null };
    const plan = rollbackPlan(
      'm',
      [version('1', 'Archived'), version('2', 'Production')],
      [toProduction('1'), staging, alias, toProduction('2')],
    );
    expect(plan).toEqual({ from: ['2'], to: '1' });
  });

  it('refuses when there is nothing to go back to', () => {
    expect(() => rollbackPlan('m', [version('1', 'Production')], [toProduction('1')])).toThrow(InvalidStateError);
    expect(() => rollbackPlan('m', [version('1', 'None')], [])).toThrow(/Nothing to roll back/);
  });
});
