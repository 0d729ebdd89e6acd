import { metricNumber } from '../../lib/format';
import { metricOf, paramOf, Run } from '../../lib/runs';

export const ROUGE_KEYS = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'];
export const LATENCY_KEYS = ['latency_p50_ms', 'latency_p95_ms', 'latency_mean_ms', 'latency_max_ms'];
export const FAILURE_KEYS = ['failure_rate'];

/** Which way is better for a metric: ROUGE up, latency and failures down, others unknown. */
export function betterDirection(key: string): 'higher' | 'lower' | null {
  if (/^rouge/i.test(key) || /tokens_per_second/.test(key)) return 'higher';
  if (/latency|fail|error/i.test(key)) return 'lower';
  return null;
}

export interface ComparedMetric {
  key: string;
  values: Array<number | null>;
  /** Index of the best run for this metric (null when the direction is unknown or all tie). */
  best: number | null;
}

/** Every metric any of the runs logged, with each run's latest value and the best run. */
export function compareMetrics(runs: Run[]): ComparedMetric[] {
  const keys = [...new Set(runs.flatMap((r) => r.data.metrics.map((m) => m.key)))].sort(byHeadline);
  return keys.map((key) => {
    const values = runs.map((r) => {
      const v = metricOf(r, key);
      const n = v === undefined ? NaN : metricNumber(v);
      return Number.isFinite(n) ? n : null;
    });
    const direction = betterDirection(key);
    let best: number | null = null;
    const present = values.filter((v): v is number => v !== null);
    if (direction && present.length > 1 && new Set(present).size > 1) {
      const target = direction === 'higher' ? Math.max(...present) : Math.min(...present);
      best = values.indexOf(target);
    }
    return { key, values, best };
  });
}

export interface ComparedParam {
  key: string;
  values: Array<string | null>;
  differs: boolean;
}

export function compareParams(runs: Run[]): ComparedParam[] {
  const keys = [...new Set(runs.flatMap((r) => r.data.params.map((p) => p.key)))].sort();
  return keys.map((key) => {
    const values = runs.map((r) => paramOf(r, key) ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
}

/** The series of a grouped bar chart: one bar group per metric key, one bar per run. */
export function chartOf(runs: Run[], keys: string[]): { labels: string[]; values: Array<Array<number | null>> } {
  const present = keys.filter((k) => runs.some((r) => metricOf(r, k) !== undefined));
  return {
    labels: present,
    values: runs.map((r) =>
      present.map((k) => {
        const v = metricOf(r, k);
        const n = v === undefined ? NaN : metricNumber(v);
        return Number.isFinite(n) ? n : null;
      }),
    ),
  };
}

const HEADLINE = [...ROUGE_KEYS, ...LATENCY_KEYS, ...FAILURE_KEYS];
function byHeadline(a: string, b: string): number {
  const ia = HEADLINE.indexOf(a);
  const ib = HEADLINE.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  return a.localeCompare(b);
}
