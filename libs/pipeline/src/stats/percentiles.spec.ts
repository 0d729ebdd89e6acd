import { percentile, summarizeLatencies } from './percentiles';

describe('percentile (linear interpolation, numpy default)', () => {
  it('interpolates between closest ranks', () => {
    // sorted [10, 20, 30, 40]: p50 rank 1.5 -> 25; p95 rank 2.85 -> 30 + 0.85*10 = 38.5
    expect(percentile([40, 10, 30, 20], 50)).toBe(25);
    expect(percentile([40, 10, 30, 20], 95)).toBeCloseTo(38.5, 12);
    expect(percentile([40, 10, 30, 20], 0)).toBe(10);
    expect(percentile([40, 10, 30, 20], 100)).toBe(40);
  });

  it('is NaN for no values and rejects p outside [0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes latencies', () => {
    expect(summarizeLatencies([1, 2, 3, 4, 5])).toEqual({ count: 5, mean: 3, p50: 3, p95: 4.8, max: 5 });
  });
});
