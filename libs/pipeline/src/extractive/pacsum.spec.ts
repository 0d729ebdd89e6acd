import { resolveSettings } from '../summarizer/settings';
import { directedCentrality } from './pacsum';
import { EXTRACTIVE_PARAMS, ExtractiveSettings } from './extractive.settings';
import { selectSentences } from './text-rank';

describe('directedCentrality (PacSum)', () => {
  // 0 and 2 say the same thing (0.9); 1 overlaps both weakly (0.2); 3 is unrelated.
  const sim = [
    [0, 0.2, 0.9, 0],
    [0.2, 0, 0.2, 0],
    [0.9, 0.2, 0, 0],
    [0, 0, 0, 0],
  ];

  it('credits a sentence for what follows it and, with a negative weight, debits it for repeating what preceded it', () => {
    const score = directedCentrality(sim, 0, 1, -1);
    // bar = min 0 + 0 x (0.9 - 0) = 0: every positive similarity counts in full
    expect(score[0]).toBeCloseTo(0.2 + 0.9, 12);
    expect(score[1]).toBeCloseTo(0.2 - 0.2, 12);
    expect(score[2]).toBeCloseTo(0 - (0.9 + 0.2), 12);
    expect(score[3]).toBe(0);
  });

  it('counts only the excess over min + threshold x (max - min), so weak links drop out', () => {
    const score = directedCentrality(sim, 0.5, 1, 0);
    // bar = 0.45: only the 0-2 link survives, worth 0.45
    expect(score).toEqual([expect.closeTo(0.45, 12), 0, 0, 0]);
  });

  it('is undirected degree centrality with equal positive weights', () => {
    const score = directedCentrality(sim, 0, 1, 1);
    expect(score.map((s) => +s.toFixed(12))).toEqual([1.1, 0.4, 1.1, 0]);
  });

  it('scores a one-sentence article 0', () => {
    expect(directedCentrality([[0]], 0.1, 0.3, -0.7)).toEqual([0]);
  });
});

describe("selectSentences with method 'pacsum'", () => {
  const sentences = [
    'Airbus won an order for 50 A320 jets from a low-cost airline in India on Monday.',
    'Airbus won an order for 50 A320 jets from a low-cost Indian airline, the company said on Monday.',
    'The order is worth about 5 billion dollars at list prices, the planemaker said in a statement.',
    'The jets will fly domestic routes across India for the airline from next year onwards.',
  ];
  /** Two sentences by pacsum, redundancy control off, the defaults otherwise. */
  const pick = (settings: Partial<ExtractiveSettings>) =>
    selectSentences(
      sentences,
      resolveSettings(EXTRACTIVE_PARAMS, {
        method: 'pacsum',
        maxSentences: 2,
        maxWords: 0,
        redundancyThreshold: 1,
        ...settings,
      }) as unknown as ExtractiveSettings,
    );

  it('skips a sentence that repeats an earlier one when the backward weight is negative', () => {
    // Redundancy control off: the backward weight alone must keep the repeat out.
    const picked = pick({});
    expect(picked).toContain(0);
    expect(picked).not.toContain(1);
  });

  it('prefers the repeat when it is rewarded instead (backward weight positive)', () => {
    const picked = pick({ forwardWeight: 1, backwardWeight: 1 });
    expect(picked).toEqual([0, 1]);
  });
});
