import type { RunView } from '@llmops/contract';
import { compareRuns, formatComparison, formatDelta } from './run-compare';

function run(id: string, params: Record<string, string>, metrics: Record<string, number | 'NaN'>): RunView {
  return {
    info: {
      run_id: id,
      run_uuid: id,
      run_name: `name-${id}`,
      experiment_id: '1',
      user_id: 'u',
      status: 'FINISHED',
      start_time: 0,
      end_time: 1,
      artifact_uri: 'file:///x',
      lifecycle_stage: 'active',
    },
    data: {
      params: Object.entries(params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 0, step: 0 })),
      tags: [],
    },
    inputs: { dataset_inputs: [] },
  };
}

describe('run comparison', () => {
  const a = run(
    'a',
    { flavor: 'extractive', max_sentences: '3', only_a: 'x' },
    { rougeL: 0.25, latency: 10, nan: 'NaN' },
  );
  const b = run('b', { flavor: 'extractive', max_sentences: '2' }, { rougeL: 0.3, latency: 10, only_b: 1, nan: 'NaN' });

  it('lines up the union of keys, marks differences and computes B - A', () => {
    const c = compareRuns(a, b);
    expect(c.params).toEqual([
      { key: 'flavor', a: 'extractive', b: 'extractive', differs: false },
      { key: 'max_sentences', a: '3', b: '2', differs: true },
      { key: 'only_a', a: 'x', b: null, differs: true },
    ]);
    const byKey = Object.fromEntries(c.metrics.map((m) => [m.key, m]));
    expect(byKey.rougeL.delta).toBeCloseTo(0.05, 10);
    expect(byKey.rougeL.differs).toBe(true);
    expect(byKey.latency).toEqual({ key: 'latency', a: 10, b: 10, delta: 0, differs: false });
    expect(byKey.only_b).toEqual({ key: 'only_b', a: null, b: 1, delta: null, differs: true });
    // NaN on both sides is the same value, and has no delta.
    expect(byKey.nan.differs).toBe(false);
    expect(byKey.nan.delta).toBeNull();
  });

  it('renders the side-by-side view with markers and signed deltas', () => {
    const text = formatComparison(compareRuns(a, b));
    const lines = text.split('\n');
    expect(lines[0]).toBe('A: a (name-a) FINISHED');
    expect(lines.find((l) => l.includes('max_sentences'))).toMatch(/^\*\s+max_sentences\s+3\s+2$/);
    expect(lines.find((l) => l.includes('flavor'))).toMatch(/^\s+flavor\s+extractive\s+extractive$/);
    expect(lines.find((l) => l.includes('rougeL'))).toMatch(/^\*\s+rougeL\s+0\.25\s+0\.3\s+\+0\.05$/);
    expect(lines.find((l) => l.includes('latency'))).toMatch(/^\s+latency\s+10\s+10\s+0$/);
    expect(text).toContain('4 of 7 keys differ');
    expect(formatDelta(-0.5)).toBe('-0.5');
    expect(formatDelta(null)).toBe('-');
  });
});
