import type { Schemas } from '../api/client';

export type Run = Schemas['RunView'];

/** `metrics.<key>` / `params.<key>` as MLflow's search grammar writes them (backquoted when needed). */
export function searchKey(entity: 'metrics' | 'params' | 'tags' | 'attributes', key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${entity}.${key}` : `${entity}.\`${key.replace(/`/g, '')}\``;
}

export function metricOf(run: Run, key: string): number | string | undefined {
  return run.data.metrics.find((m) => m.key === key)?.value;
}

export function paramOf(run: Run, key: string): string | undefined {
  return run.data.params.find((p) => p.key === key)?.value;
}

export function tagOf(run: Run, key: string): string | undefined {
  return run.data.tags.find((t) => t.key === key)?.value;
}

export function runLabel(run: Run): string {
  return run.info.run_name || run.info.run_id.slice(0, 8);
}

/** A chosen column of the run table: `metrics.<key>` or `params.<key>`. */
export interface RunColumn {
  entity: 'metrics' | 'params';
  key: string;
}

export function parseColumns(value: string | null): RunColumn[] {
  if (!value) return [];
  return value
    .split(',')
    .map((c) => {
      const dot = c.indexOf('.');
      const entity = c.slice(0, dot);
      const key = decodeURIComponent(c.slice(dot + 1));
      return entity === 'metrics' || entity === 'params' ? { entity, key } : null;
    })
    .filter((c): c is RunColumn => c !== null && c.key !== '');
}

export function formatColumns(columns: RunColumn[]): string {
  return columns.map((c) => `${c.entity}.${encodeURIComponent(c.key)}`).join(',');
}

/** Keys of params and metrics across runs, for the column chooser. */
export function keysOf(runs: Run[]): { metrics: string[]; params: string[] } {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const run of runs) {
    for (const m of run.data.metrics) metrics.add(m.key);
    for (const p of run.data.params) params.add(p.key);
  }
  return { metrics: [...metrics].sort(), params: [...params].sort() };
}

/** Columns worth showing before anyone chooses: the evaluation's headline metrics, then a few more. */
export function defaultColumns(runs: Run[]): RunColumn[] {
  const { metrics, params } = keysOf(runs);
  const preferred = ['rougeL', 'rouge1', 'latency_p95_ms', 'failure_rate'];
  const chosen: RunColumn[] = preferred.filter((k) => metrics.includes(k)).map((key) => ({ entity: 'metrics', key }));
  for (const key of metrics) if (chosen.length < 4 && !preferred.includes(key)) chosen.push({ entity: 'metrics', key });
  for (const key of ['flavor', 'model', 'method']) {
    if (params.includes(key)) {
      chosen.push({ entity: 'params', key });
      break;
    }
  }
  return chosen;
}
