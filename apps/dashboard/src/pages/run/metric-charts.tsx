import { api, data, type Schemas } from '../../api/client';
import { ChartView } from '../../components/chart';
import { DataTable } from '../../components/data-table';
import { Empty, Loaded } from '../../components/status';
import { formatNumber, metricNumber } from '../../lib/format';
import { useResource } from '../../lib/use-resource';

/** Histories of at most this many metrics are loaded at once (one request each). */
const MAX_METRICS = 24;

/** Each metric's history by step, as a line chart when it has more than one point. */
export function MetricCharts({ run }: { run: Schemas['RunView'] }) {
  const keys = [...new Set(run.data.metrics.map((m) => m.key))].sort().slice(0, MAX_METRICS);
  const histories = useResource(
    () =>
      Promise.all(
        keys.map(async (key) => {
          const history = await data(
            api.GET('/api/v1/runs/{runId}/metrics/{key}/history', {
              params: { path: { runId: run.info.run_id, key }, query: { max_results: 1000 } },
            }),
          );
          return { key, points: history.metrics };
        }),
      ),
    [run.info.run_id, keys.join(',')],
  );
  if (keys.length === 0) return <Empty>This run logged no metrics.</Empty>;
  return (
    <Loaded resource={histories} label="Loading metric histories…">
      {(all) => {
        const series = all.filter((h) => h.points.length > 1);
        const single = all.filter((h) => h.points.length <= 1);
        return (
          <>
            {series.length === 0 && (
              <p class="muted">Every metric of this run has one value (no history to chart); values below.</p>
            )}
            <div class="charts">
              {series.map((h) => {
                const points = [...h.points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
                return (
                  <ChartView
                    key={h.key}
                    kind="line"
                    title={h.key}
                    labels={points.map((p) => p.step)}
                    series={[{ label: h.key, values: points.map((p) => finite(metricNumber(p.value))) }]}
                    xLabel="step"
                    height={200}
                  />
                );
              })}
            </div>
            <DataTable
              caption="Metric values"
              columns={[
                { key: 'key', header: 'Metric', cell: (h) => h.key, sortValue: (h) => h.key },
                { key: 'points', header: 'Points', numeric: true, cell: (h) => h.points.length },
                {
                  key: 'last',
                  header: 'Last value',
                  numeric: true,
                  cell: (h) => formatNumber(h.points.at(-1)?.value),
                },
                {
                  key: 'min',
                  header: 'Min',
                  numeric: true,
                  cell: (h) => formatNumber(Math.min(...h.points.map((p) => metricNumber(p.value)))),
                },
                {
                  key: 'max',
                  header: 'Max',
                  numeric: true,
                  cell: (h) => formatNumber(Math.max(...h.points.map((p) => metricNumber(p.value)))),
                },
              ]}
              rows={[...series, ...single]}
              rowKey={(h) => h.key}
            />
          </>
        );
      }}
    </Loaded>
  );
}

function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}
