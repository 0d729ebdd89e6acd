import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, data, type Schemas } from '../../api/client';
import { Column, DataTable, SortState } from '../../components/data-table';
import { ErrorBox, Loaded } from '../../components/status';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import { Link, navigate, seg, setQuery, useLocation } from '../../lib/router';
import {
  defaultColumns,
  formatColumns,
  keysOf,
  metricOf,
  paramOf,
  parseColumns,
  Run,
  RunColumn,
  runLabel,
  searchKey,
} from '../../lib/runs';
import { useResource } from '../../lib/use-resource';
import { useTitle } from '../../lib/title';

const PAGE_SIZE = 50;

const FILTER_EXAMPLES = [
  'metrics.rougeL > 0.2',
  "params.flavor = 'extractive'",
  "attributes.run_name LIKE 'dev-%'",
  "attributes.status = 'FINISHED' and metrics.failure_rate < 0.05",
];

/** Experiments, and their runs searched with MLflow's filter grammar, in a table to sort and compare. */
export default function ExperimentsPage() {
  useTitle('Experiments');
  const { query } = useLocation();
  const experiments = useResource(
    () => data(api.GET('/api/v1/experiments', { params: { query: { max_results: 1000 } } })),
    [],
  );
  return (
    <section>
      <h1>Experiments and runs</h1>
      <Loaded resource={experiments} label="Loading experiments…">
        {(found) => <ExperimentsAndRuns experiments={found.experiments} query={query} />}
      </Loaded>
    </section>
  );
}

function ExperimentsAndRuns({
  experiments,
  query,
}: {
  experiments: Schemas['ExperimentView'][];
  query: URLSearchParams;
}) {
  const allIds = experiments.map((e) => e.experiment_id);
  const chosenIds = (query.get('experiments') ?? '').split(',').filter((id) => allIds.includes(id));
  const experimentIds = chosenIds.length > 0 ? chosenIds : allIds;
  const filter = query.get('filter') ?? '';
  const order = query.get('order') ?? '';
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);
  const [selected, setSelected] = useState<string[]>([]);

  const [pages, setPages] = useState<{ runs: Run[]; next?: string }>({ runs: [] });
  const first = useResource(async () => {
    if (experimentIds.length === 0) return { runs: [] as Run[], next_page_token: undefined };
    return data(
      api.POST('/api/v1/runs/search', {
        body: {
          experiment_ids: experimentIds,
          filter: filter || undefined,
          order_by: order ? [order] : undefined,
          max_results: PAGE_SIZE,
        },
      }),
    );
  }, [experimentIds.join(','), filter, order]);
  useEffect(() => {
    if (first.data) setPages({ runs: first.data.runs, next: first.data.next_page_token });
  }, [first.data]);
  const [moreError, setMoreError] = useState<unknown>(undefined);
  const loadMore = async () => {
    try {
      const page = await data(
        api.POST('/api/v1/runs/search', {
          body: {
            experiment_ids: experimentIds,
            filter: filter || undefined,
            order_by: order ? [order] : undefined,
            max_results: PAGE_SIZE,
            page_token: pages.next,
          },
        }),
      );
      setPages((p) => ({ runs: [...p.runs, ...page.runs], next: page.next_page_token }));
    } catch (error) {
      setMoreError(error);
    }
  };

  const runs = pages.runs;
  const columnsParam = query.get('columns');
  const columns = columnsParam === null ? defaultColumns(runs) : parseColumns(columnsParam);
  const experimentName = useMemo(
    () => new Map(experiments.map((e) => [e.experiment_id, e.name] as const)),
    [experiments],
  );

  const toggleRun = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const sort = parseOrder(order);

  const tableColumns: Column<Run>[] = [
    {
      key: 'select',
      header: <span class="sr-only">Select</span>,
      label: 'Select',
      cell: (run) => (
        <input
          type="checkbox"
          aria-label={`Select run ${runLabel(run)}`}
          checked={selected.includes(run.info.run_id)}
          onChange={() => toggleRun(run.info.run_id)}
        />
      ),
    },
    {
      key: 'attributes.run_name',
      header: 'Run',
      cell: (run) => <Link href={`/runs/${seg(run.info.run_id)}`}>{runLabel(run)}</Link>,
    },
    {
      key: 'experiment',
      header: 'Experiment',
      cell: (run) => experimentName.get(run.info.experiment_id) ?? run.info.experiment_id,
    },
    {
      key: 'attributes.status',
      header: 'Status',
      cell: (run) => <span class={`state state-${run.info.status.toLowerCase()}`}>{run.info.status}</span>,
    },
    { key: 'attributes.start_time', header: 'Started', cell: (run) => formatTime(run.info.start_time) },
    {
      key: 'duration',
      header: 'Duration',
      numeric: true,
      cell: (run) => formatDuration(run.info.end_time ? run.info.end_time - run.info.start_time : null),
    },
    ...columns.map(
      (c): Column<Run> => ({
        key: searchKey(c.entity, c.key),
        header: (
          <>
            <span class="muted">{c.entity === 'metrics' ? 'metric ' : 'param '}</span>
            {c.key}
          </>
        ),
        label: `${c.entity === 'metrics' ? 'metric' : 'param'} ${c.key}`,
        numeric: c.entity === 'metrics',
        cell: (run) =>
          c.entity === 'metrics'
            ? formatNumber(metricOf(run, c.key))
            : (paramOf(run, c.key) ?? <span class="muted">—</span>),
      }),
    ),
  ];
  const serverSortable = (c: Column<Run>) => c.key.includes('.');

  return (
    <div class="split">
      <aside class="side" aria-label="Experiments">
        <h2>Experiments</h2>
        <ul class="checklist">
          {experiments.map((e) => (
            <li key={e.experiment_id}>
              <label>
                <input
                  type="checkbox"
                  checked={experimentIds.includes(e.experiment_id) && chosenIds.length > 0}
                  onChange={() => {
                    const next = chosenIds.includes(e.experiment_id)
                      ? chosenIds.filter((id) => id !== e.experiment_id)
                      : [...chosenIds, e.experiment_id];
                    setQuery({ experiments: next.join(',') });
                  }}
                />
                {e.name} <span class="muted">#{e.experiment_id}</span>
              </label>
            </li>
          ))}
        </ul>
        <p class="hint">{chosenIds.length === 0 ? 'Showing runs of every experiment.' : ''}</p>
      </aside>
      <div class="main-col">
        <form
          class="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ filter: draft.trim() });
          }}
        >
          <label for="run-filter">Filter runs (MLflow search syntax)</label>
          <div class="row">
            <input
              id="run-filter"
              type="search"
              value={draft}
              placeholder="metrics.rougeL > 0.2 and params.flavor = 'extractive'"
              onInput={(e) => setDraft(e.currentTarget.value)}
              spellcheck={false}
              autoComplete="off"
            />
            <button type="submit">Search</button>
          </div>
          <p class="hint">
            Examples:{' '}
            {FILTER_EXAMPLES.map((x, i) => (
              <span key={x}>
                {i > 0 && ' · '}
                <button type="button" class="link code" onClick={() => setQuery({ filter: x })}>
                  {x}
                </button>
              </span>
            ))}
          </p>
        </form>
        {first.error !== undefined && <ErrorBox error={first.error} retry={first.reload} />}
        <div class="toolbar">
          <ColumnChooser runs={runs} columns={columns} />
          <span class="muted" role="status">
            {first.loading ? 'Searching…' : `${runs.length}${pages.next ? '+' : ''} runs`}
          </span>
          <button
            type="button"
            class="primary"
            disabled={selected.length < 2}
            onClick={() => navigate(`/compare?runs=${selected.map(encodeURIComponent).join(',')}`)}
          >
            Compare {selected.length > 0 ? `${selected.length} runs` : 'runs'}
          </button>
          {selected.length > 0 && (
            <button type="button" class="link" onClick={() => setSelected([])}>
              Clear selection
            </button>
          )}
        </div>
        <DataTable
          caption="Runs"
          columns={tableColumns}
          rows={runs}
          rowKey={(r) => r.info.run_id}
          sort={sort}
          sortable={serverSortable}
          onSort={(s) => setQuery({ order: `${s.key} ${s.direction === 'asc' ? 'ASC' : 'DESC'}` })}
          empty={first.loading ? 'Searching…' : 'No run matches.'}
          rowClass={(r) => (selected.includes(r.info.run_id) ? 'selected' : undefined)}
        />
        {pages.next && (
          <button type="button" onClick={() => void loadMore()}>
            Load more runs
          </button>
        )}
        {moreError !== undefined && <ErrorBox error={moreError} />}
      </div>
    </div>
  );
}

function parseOrder(order: string): SortState | null {
  const m = /^(.*)\s+(ASC|DESC)$/i.exec(order.trim());
  if (!m) return null;
  return { key: m[1], direction: m[2].toUpperCase() === 'ASC' ? 'asc' : 'desc' };
}

function ColumnChooser({ runs, columns }: { runs: Run[]; columns: RunColumn[] }) {
  const keys = keysOf(runs);
  const has = (entity: RunColumn['entity'], key: string) => columns.some((c) => c.entity === entity && c.key === key);
  const toggle = (entity: RunColumn['entity'], key: string) => {
    const next = has(entity, key)
      ? columns.filter((c) => !(c.entity === entity && c.key === key))
      : [...columns, { entity, key }];
    setQuery({ columns: formatColumns(next) || 'none' });
  };
  return (
    <details class="chooser">
      <summary>Columns ({columns.length})</summary>
      <div class="chooser-body">
        <fieldset>
          <legend>Metrics</legend>
          {keys.metrics.length === 0 && <p class="muted">none logged</p>}
          {keys.metrics.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={has('metrics', k)} onChange={() => toggle('metrics', k)} /> {k}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Params</legend>
          {keys.params.length === 0 && <p class="muted">none logged</p>}
          {keys.params.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={has('params', k)} onChange={() => toggle('params', k)} /> {k}
            </label>
          ))}
        </fieldset>
      </div>
    </details>
  );
}
