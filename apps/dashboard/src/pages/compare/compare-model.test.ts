import { describe, expect, it } from 'vitest';
import { run } from '../../test/fixtures';
import { chartOf, compareMetrics, compareParams, ROUGE_KEYS } from './compare-model';

const a = run(
  'a',
  'lead3',
  { rougeL: 0.24, latency_p95_ms: 1, failure_rate: 0, custom: 5 },
  { flavor: 'extractive', k: '3' },
);
const b = run('b', 't5', { rougeL: 0.3, latency_p95_ms: 900, failure_rate: 0.1 }, { flavor: 'onnx', k: '3' });

describe('comparing runs', () => {
  it('marks the best run per metric in the right direction, and none when the direction is unknown', () => {
    const metrics = Object.fromEntries(compareMetrics([a, b]).map((m) => [m.key, m]));
    expect(metrics.rougeL).toMatchObject({ values: [0.24, 0.3], best: 1 });
    expect(metrics.latency_p95_ms.best).toBe(0);
    expect(metrics.failure_rate.best).toBe(0);
    expect(metrics.custom).toMatchObject({ values: [5, null], best: null });
    // Headline metrics first.
    expect(compareMetrics([a, b]).map((m) => m.key)).toEqual(['rougeL', 'latency_p95_ms', 'failure_rate', 'custom']);
  });

  it('lists params with whether they differ, and chart groups only for metrics some run has', () => {
    expect(compareParams([a, b])).toEqual([
      { key: 'flavor', values: ['extractive', 'onnx'], differs: true },
      { key: 'k', values: ['3', '3'], differs: false },
    ]);
    expect(chartOf([a, b], ROUGE_KEYS)).toEqual({ labels: ['rougeL'], values: [[0.24], [0.3]] });
  });
});
