import { fromWireDouble, type RunView } from '@llmops/contract';
import { formatNumber, formatTable } from './table';

export interface ParamDiff {
  key: string;
  a: string | null;
  b: string | null;
  differs: boolean;
}

export interface MetricDiff {
  key: string;
  a: number | null;
  b: number | null;
  /** b - a when both runs have a finite value, else null. */
  delta: number | null;
  differs: boolean;
}

export interface RunComparison {
  a: { run_id: string; run_name: string; status: string };
  b: { run_id: string; run_name: string; status: string };
  params: ParamDiff[];
  metrics: MetricDiff[];
}

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Object.is(a, b) || a === b;
}

/** Params and latest metrics of two runs, key by key (the union of both runs' keys, sorted). */
export function compareRuns(a: RunView, b: RunView): RunComparison {
  const paramsA = new Map(a.data.params.map((p) => [p.key, p.value]));
  const paramsB = new Map(b.data.params.map((p) => [p.key, p.value]));
  const metricsA = new Map(a.data.metrics.map((m) => [m.key, fromWireDouble(m.value)]));
  const metricsB = new Map(b.data.metrics.map((m) => [m.key, fromWireDouble(m.value)]));
  const keys = (x: Map<string, unknown>, y: Map<string, unknown>) => [...new Set([...x.keys(), ...y.keys()])].sort();
  const info = (r: RunView) => ({ run_id: r.info.run_id, run_name: r.info.run_name, status: r.info.status });
  return {
    a: info(a),
    b: info(b),
    params: keys(paramsA, paramsB).map((key) => {
      const va = paramsA.get(key) ?? null;
      const vb = paramsB.get(key) ?? null;
      return { key, a: va, b: vb, differs: va !== vb };
    }),
    metrics: keys(metricsA, metricsB).map((key) => {
      const va = metricsA.get(key) ?? null;
      const vb = metricsB.get(key) ?? null;
      const delta = va !== null && vb !== null && Number.isFinite(va) && Number.isFinite(vb) ? vb - va : null;
      return { key, a: va, b: vb, delta, differs: !sameNumber(va, vb) };
    }),
  };
}

/** A delta with its sign, so a regression reads at a glance. */
export function formatDelta(delta: number | null): string {
  if (delta === null) return '-';
  if (delta === 0) return '0';
  return `${delta > 0 ? '+' : ''}${formatNumber(delta)}`;
}

const MARK = '*';

/** The side-by-side view: a `*` in the first column marks a key whose values differ. */
export function formatComparison(c: RunComparison): string {
  const label = (r: RunComparison['a']) => `${r.run_id}${r.run_name ? ` (${r.run_name})` : ''} ${r.status}`;
  const out = [`A: ${label(c.a)}`, `B: ${label(c.b)}`, ''];
  out.push('PARAMS');
  out.push(
    c.params.length === 0
      ? '(none)'
      : formatTable(
          ['', 'KEY', 'A', 'B'],
          c.params.map((p) => [p.differs ? MARK : ' ', p.key, p.a, p.b]),
          { maxCellWidth: 60 },
        ),
  );
  out.push('', 'METRICS');
  out.push(
    c.metrics.length === 0
      ? '(none)'
      : formatTable(
          ['', 'KEY', 'A', 'B', 'DELTA (B-A)'],
          c.metrics.map((m) => [m.differs ? MARK : ' ', m.key, m.a, m.b, formatDelta(m.delta)]),
        ),
  );
  const differing = c.params.filter((p) => p.differs).length + c.metrics.filter((m) => m.differs).length;
  out.push('', `${differing} of ${c.params.length + c.metrics.length} keys differ (marked ${MARK})`);
  return out.join('\n');
}
