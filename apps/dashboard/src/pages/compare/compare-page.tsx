import { useState } from 'preact/hooks';
import { api, data } from '../../api/client';
import { ChartView } from '../../components/chart';
import { Empty, Loaded } from '../../components/status';
import { formatNumber } from '../../lib/format';
import { Link, seg, setQuery, useLocation } from '../../lib/router';
import { Run, runLabel } from '../../lib/runs';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';
import { chartOf, compareMetrics, compareParams, FAILURE_KEYS, LATENCY_KEYS, ROUGE_KEYS } from './compare-model';

/** Runs side by side: ROUGE, latency and failure rate as charts, every metric and param in tables. */
export default function ComparePage() {
  useTitle('Compare runs');
  const { query } = useLocation();
  const ids = (query.get('runs') ?? '').split(',').filter(Boolean);
  const runs = useResource(
    () =>
      Promise.all(
        ids.map(async (runId) => (await data(api.GET('/api/v1/runs/{runId}', { params: { path: { runId } } }))).run),
      ),
    [ids.join(',')],
  );
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/experiments">Experiments</Link> / <span aria-current="page">Compare</span>
      </nav>
      <h1>Compare runs</h1>
      {ids.length < 2 ? (
        <Empty>
          Choose two or more runs in <Link href="/experiments">the run table</Link> to compare them.
        </Empty>
      ) : (
        <Loaded resource={runs} label="Loading the runs…">
          {(loaded) => <Comparison runs={loaded} ids={ids} />}
        </Loaded>
      )}
    </section>
  );
}

function Comparison({ runs, ids }: { runs: Run[]; ids: string[] }) {
  const [onlyDifferent, setOnlyDifferent] = useState(true);
  const labels = runs.map(runLabel);
  const metrics = compareMetrics(runs);
  const params = compareParams(runs).filter((p) => !onlyDifferent || p.differs);
  const charts = [
    { title: 'ROUGE F1 (higher is better)', keys: ROUGE_KEYS, yLabel: 'F1' },
    { title: 'Latency (lower is better)', keys: LATENCY_KEYS, yLabel: 'ms' },
    { title: 'Failure rate (lower is better)', keys: FAILURE_KEYS, yLabel: 'share of articles' },
  ].map((c) => ({ ...c, ...chartOf(runs, c.keys) }));
  return (
    <>
      <ul class="run-chips" aria-label="Runs compared">
        {runs.map((r, i) => (
          <li key={r.info.run_id} class={`chip run-${i % 8}`}>
            <Link href={`/runs/${seg(r.info.run_id)}`}>{labels[i]}</Link>
            <button
              type="button"
              class="link"
              aria-label={`Remove ${labels[i]} from the comparison`}
              onClick={() => setQuery({ runs: ids.filter((id) => id !== r.info.run_id).join(',') }, { replace: false })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div class="charts">
        {charts.map((c) =>
          c.labels.length === 0 ? (
            <figure class="chart" key={c.title}>
              <figcaption>{c.title}</figcaption>
              <p class="muted">None of these runs logged {c.keys.join(', ')}.</p>
            </figure>
          ) : (
            <ChartView
              key={c.title}
              kind="bar"
              title={c.title}
              labels={c.labels}
              series={runs.map((_, i) => ({ label: labels[i], values: c.values[i] }))}
              yLabel={c.yLabel}
            />
          ),
        )}
      </div>
      <h2>Metrics</h2>
      <div class="table-wrap">
        <table class="compare">
          <caption>Latest value of each metric; the best run of a metric is marked</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {labels.map((l, i) => (
                <th scope="col" class="num" key={i}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((m) => (
              <tr key={m.key}>
                <th scope="row">{m.key}</th>
                {m.values.map((v, i) => (
                  <td key={i} class={m.best === i ? 'num best' : 'num'}>
                    {v === null ? '—' : formatNumber(v)}
                    {m.best === i && <span class="sr-only"> (best)</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Params</h2>
      <label class="inline">
        <input type="checkbox" checked={onlyDifferent} onChange={() => setOnlyDifferent((v) => !v)} /> Only params that
        differ
      </label>
      <div class="table-wrap">
        <table class="compare">
          <thead>
            <tr>
              <th scope="col">Param</th>
              {labels.map((l, i) => (
                <th scope="col" key={i}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {params.length === 0 && (
              <tr>
                <td colSpan={labels.length + 1} class="empty">
                  {onlyDifferent ? 'Every param is the same.' : 'No params logged.'}
                </td>
              </tr>
            )}
            {params.map((p) => (
              <tr key={p.key} class={p.differs ? 'differs' : undefined}>
                <th scope="row">{p.key}</th>
                {p.values.map((v, i) => (
                  <td key={i} class="wrap">
                    {v ?? <span class="muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
