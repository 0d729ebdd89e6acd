import { percentile } from './percentiles';

/** A mean with its bootstrap percentile interval. */
export interface BootstrapInterval {
  mean: number;
  low: number;
  high: number;
}

export interface PairedBootstrap {
  a: BootstrapInterval;
  b: BootstrapInterval;
  /** Mean of `a - b`, with its interval from the same resamples (the paired comparison). */
  difference: BootstrapInterval;
  /** Share of resamples where `a` did not beat `b` (mean difference <= 0): a one-sided p-value. */
  notBetter: number;
  samples: number;
}

/** Deterministic PRNG (mulberry32), so a benchmark prints the same interval on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Paired percentile bootstrap over items scored by two systems (per-article ROUGE of ours and of a
 * baseline): each resample draws items with replacement and takes both means and their difference
 * on the same draw, so the interval of the difference accounts for the items being shared.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  options: { samples?: number; confidence?: number; seed?: number } = {},
): PairedBootstrap {
  if (a.length !== b.length || a.length === 0) throw new RangeError('pairedBootstrap needs two equal, non-empty lists');
  const samples = options.samples ?? 2000;
  const tail = (100 * (1 - (options.confidence ?? 0.95))) / 2;
  const random = seededRandom(options.seed ?? 1);
  const n = a.length;
  const means = { a: [] as number[], b: [] as number[], d: [] as number[] };
  let notBetter = 0;
  for (let s = 0; s < samples; s++) {
    let sa = 0;
    let sb = 0;
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random() * n);
      sa += a[i];
      sb += b[i];
    }
    means.a.push(sa / n);
    means.b.push(sb / n);
    means.d.push((sa - sb) / n);
    if (sa <= sb) notBetter += 1;
  }
  const mean = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const interval = (m: number, xs: number[]) => ({
    mean: m,
    low: percentile(xs, tail),
    high: percentile(xs, 100 - tail),
  });
  return {
    a: interval(mean(a), means.a),
    b: interval(mean(b), means.b),
    difference: interval(mean(a) - mean(b), means.d),
    notBetter: notBetter / samples,
    samples,
  };
}
