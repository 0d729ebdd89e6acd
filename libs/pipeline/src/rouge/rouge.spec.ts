import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUGE_TYPES, RougeScores, corpusRouge, rougeTokenize, scoreRouge } from './rouge';

describe('rougeTokenize (rouge_score DefaultTokenizer with stemming)', () => {
  it('lower-cases, turns non [a-z0-9] runs into spaces and stems only tokens longer than 3', () => {
    // "u.s." -> "u s"; "3.5%" -> "3 5"; "2024's" -> "2024 s"; "Running" -> run; "dogs" -> dog; "was" kept (3 chars)
    expect(rougeTokenize("U.S. GDP was 3.5% in 2024's Q1, Running dogs")).toEqual([
      'u',
      's',
      'gdp',
      'was',
      '3',
      '5',
      'in',
      '2024',
      's',
      'q1',
      'run',
      'dog',
    ]);
  });

  it('drops non-ASCII letters like rouge_score (é is not in [a-z0-9])', () => {
    expect(rougeTokenize('Héllo wörld')).toEqual(['h', 'llo', 'w', 'rld']);
  });

  it('can run without the stemmer', () => {
    expect(rougeTokenize('Running dogs', false)).toEqual(['running', 'dogs']);
  });
});

describe('scoreRouge', () => {
  it('hand-worked: "the cat sat on the mat" vs "the cat is on the mat"', () => {
    // tokens (all <= 3 chars, no stemming): pred [the cat sat on the mat], ref [the cat is on the mat]
    // ROUGE-1: overlap = min(the 2,2)+cat+on+mat = 5 of 6 each side -> P = R = F = 5/6
    // ROUGE-2: ref {the cat, cat is, is on, on the, the mat}, pred {the cat, cat sat, sat on, on the, the mat}
    //          overlap 3 of 5 -> 3/5
    // ROUGE-L: LCS "the cat on the mat" = 5 -> 5/6; one line, so ROUGE-Lsum = ROUGE-L
    const s = scoreRouge('the cat sat on the mat', 'the cat is on the mat');
    expect(s.rouge1.precision).toBeCloseTo(5 / 6, 12);
    expect(s.rouge1.recall).toBeCloseTo(5 / 6, 12);
    expect(s.rouge1.fmeasure).toBeCloseTo(5 / 6, 12);
    expect(s.rouge2.fmeasure).toBeCloseTo(3 / 5, 12);
    expect(s.rougeL.fmeasure).toBeCloseTo(5 / 6, 12);
    expect(s.rougeLsum.fmeasure).toBeCloseTo(5 / 6, 12);
  });

  it('hand-worked with stemming: "Running dogs" vs "the dog runs"', () => {
    // pred [run, dog]; ref [the, dog, run] ("dog" has 3 chars, not stemmed; "runs" -> run)
    // ROUGE-1: overlap 2 -> P = 2/2 = 1, R = 2/3, F = 2*1*(2/3)/(1+2/3) = 0.8
    // ROUGE-2: pred {run dog}, ref {the dog, dog run} -> 0
    // ROUGE-L: LCS length 1 -> P = 1/2, R = 1/3, F = 2*(1/6)/(5/6) = 0.4
    const s = scoreRouge('Running dogs', 'the dog runs');
    expect(s.rouge1).toEqual({ precision: 1, recall: expect.closeTo(2 / 3, 12), fmeasure: expect.closeTo(0.8, 12) });
    expect(s.rouge2).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(s.rougeL.precision).toBeCloseTo(0.5, 12);
    expect(s.rougeL.recall).toBeCloseTo(1 / 3, 12);
    expect(s.rougeL.fmeasure).toBeCloseTo(0.4, 12);
  });

  it('hand-worked ROUGE-Lsum: the union LCS over sentences rewards reordered sentences', () => {
    // ref lines [a b c], [d e]; pred lines [d e a], [b c]; m = n = 5
    // ref line 1: LCS with "d e a" = {a}, with "b c" = {b, c}: union {a, b, c} -> 3 hits
    // ref line 2: LCS with "d e a" = {d, e}, with "b c" = {} -> 2 hits; Lsum P = R = F = 5/5 = 1
    // ROUGE-L on the whole sequences [a b c d e] vs [d e a b c]: LCS "a b c" = 3 -> 3/5
    const s = scoreRouge('d e a\nb c', 'a b c\nd e');
    expect(s.rougeLsum).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
    expect(s.rougeL.fmeasure).toBeCloseTo(0.6, 12);
  });

  it('hand-worked ROUGE-Lsum: a token is counted at most as often as it occurs on both sides', () => {
    // ref [x y]; pred lines [x y], [x y]: union {x, y} -> 2 hits, m = 2, n = 4
    // P = 2/4 = 0.5, R = 1, F = 2*0.5*1/1.5 = 2/3
    const a = scoreRouge('x y\nx y', 'x y');
    expect(a.rougeLsum.precision).toBeCloseTo(0.5, 12);
    expect(a.rougeLsum.recall).toBe(1);
    expect(a.rougeLsum.fmeasure).toBeCloseTo(2 / 3, 12);
    // ref lines [x y], [x y]; pred [x y]: line 1 takes the only x and y of the prediction, line 2 finds
    // none left -> 2 hits, R = 2/4, P = 2/2
    const b = scoreRouge('x y', 'x y\nx y');
    expect(b.rougeLsum.recall).toBeCloseTo(0.5, 12);
    expect(b.rougeLsum.precision).toBe(1);
  });

  it('scores an empty prediction as zero everywhere', () => {
    const s = scoreRouge('', 'something happened');
    for (const type of ROUGE_TYPES) expect(s[type]).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('matches rouge_score on golden news pairs', () => {
    const cases = JSON.parse(readFileSync(join(__dirname, 'testdata', 'rouge-golden.json'), 'utf8')) as Array<{
      prediction: string;
      reference: string;
      expected: RougeScores;
    }>;
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const s = scoreRouge(c.prediction, c.reference);
      for (const type of ROUGE_TYPES) {
        for (const k of ['precision', 'recall', 'fmeasure'] as const) {
          expect([type, k, s[type][k]]).toEqual([type, k, expect.closeTo(c.expected[type][k], 12)]);
        }
      }
    }
  });
});

describe('corpusRouge', () => {
  it('averages per-pair F1', () => {
    // pair 1: ROUGE-1 F = 5/6 (see above); pair 2: ROUGE-1 F = 0.8 -> mean (5/6 + 0.8) / 2
    const c = corpusRouge([
      { prediction: 'the cat sat on the mat', reference: 'the cat is on the mat' },
      { prediction: 'Running dogs', reference: 'the dog runs' },
    ]);
    expect(c.count).toBe(2);
    expect(c.rouge1).toBeCloseTo((5 / 6 + 0.8) / 2, 12);
    expect(c.rouge2).toBeCloseTo((3 / 5 + 0) / 2, 12);
    expect(c.rougeL).toBeCloseTo((5 / 6 + 0.4) / 2, 12);
  });

  it('is zero with count 0 for no pairs', () => {
    expect(corpusRouge([])).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0, count: 0 });
  });
});
