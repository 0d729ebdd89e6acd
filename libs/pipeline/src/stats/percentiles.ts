/**
 * Percentile with linear interpolation between closest ranks (numpy's default), so p50 of an even
 * count is the mean of the two middle values. `p` in [0, 100]. NaN for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const count = values.length;
  return {
    count,
    mean: count ? values.reduce((a, b) => a + b, 0) / count : NaN,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: count ? Math.max(...values) : NaN,
  };
}
