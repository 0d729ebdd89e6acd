import { describe, expect, it } from 'vitest';
import { aliasSet, transition, version } from '../../test/fixtures';
import { heldAt, rollbackTarget, timelineOf } from './timeline-model';

const history = [
  transition('1', '1', 'None', 'Staging', 100),
  transition('2', '1', 'Staging', 'Production', 200),
  transition('3', '2', 'None', 'Staging', 250),
  aliasSet('4', 'champion', '1', null, 260),
  transition('5', '2', 'Staging', 'Production', 300),
  transition('6', '1', 'Production', 'Archived', 300),
  aliasSet('7', 'champion', '2', '1', 310),
];

describe('the stage and alias timeline', () => {
  it('turns transitions and alias moves into who held each lane when', () => {
    const { lanes, segments, from } = timelineOf(history);
    expect(from).toBe(100);
    expect(lanes.map((l) => l.label)).toEqual(['Production', 'Staging', '@champion']);
    const production = segments.filter((s) => s.lane === 'stage:Production');
    expect(production.map((s) => [s.version, s.start, s.end])).toEqual([
      ['1', 200, 300],
      ['2', 300, null],
    ]);
    const champion = segments.filter((s) => s.lane === 'alias:champion');
    expect(champion.map((s) => [s.version, s.start, s.end])).toEqual([
      ['1', 260, 310],
      ['2', 310, null],
    ]);
  });

  it('answers what was in Production at a time, and gives overlapping versions rows of their own', () => {
    const { segments, lanes } = timelineOf(history);
    expect(heldAt(segments, 'stage:Production', 150)).toEqual([]);
    expect(heldAt(segments, 'stage:Production', 299)).toEqual(['1']);
    expect(heldAt(segments, 'stage:Production', 300)).toEqual(['2']);
    expect(heldAt(segments, 'stage:Staging', 260)).toEqual(['2']);
    // v1 in Staging 100..200 and v2 from 250: no overlap, one row.
    expect(lanes.find((l) => l.id === 'stage:Staging')?.rows).toBe(1);
    const overlapping = timelineOf([
      transition('a', '1', 'None', 'Staging', 1),
      transition('b', '2', 'None', 'Staging', 2),
    ]);
    expect(overlapping.lanes.find((l) => l.id === 'stage:Staging')?.rows).toBe(2);
  });

  it('rolls back to the version promoted before the current one, from the history', () => {
    const versions = [version('1', 'Archived'), version('2', 'Production'), version('3', 'Staging')];
    expect(rollbackTarget(versions, history)).toEqual({ from: ['2'], to: '1' });
    expect(rollbackTarget([version('2', 'Production')], history)).toBeNull();
  });
});
