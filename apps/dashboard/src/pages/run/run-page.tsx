import { api, data, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { Tabs } from '../../components/tabs';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import { Link, seg, setQuery, useLocation } from '../../lib/router';
import { runLabel } from '../../lib/runs';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';
import { ArtifactsBrowser } from './artifacts-browser';
import { MetricCharts } from './metric-charts';
import { PredictionsTable } from './predictions-table';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'metrics', label: 'Metric charts' },
  { id: 'predictions', label: 'Predictions' },
  { id: 'artifacts', label: 'Artifacts' },
  { id: 'datasets', label: 'Datasets' },
];

/** One run: what it was given, what it measured, what it logged and produced. */
export default function RunPage({ runId }: { runId: string }) {
  const run = useResource(() => data(api.GET('/api/v1/runs/{runId}', { params: { path: { runId } } })), [runId]);
  return (
    <Loaded resource={run} label="Loading the run…">
      {({ run }) => <RunView run={run} />}
    </Loaded>
  );
}

function RunView({ run }: { run: Schemas['RunView'] }) {
  useTitle(`Run ${runLabel(run)}`);
  const { query } = useLocation();
  const tab = query.get('tab') ?? 'overview';
  const info = run.info;
  const experiment = useResource(
    () =>
      data(api.GET('/api/v1/experiments/{experimentId}', { params: { path: { experimentId: info.experiment_id } } })),
    [info.experiment_id],
  );
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href={`/experiments?experiments=${seg(info.experiment_id)}`}>
          {experiment.data?.experiment.name ?? `experiment ${info.experiment_id}`}
        </Link>{' '}
        / <span aria-current="page">{runLabel(run)}</span>
      </nav>
      <h1>
        {runLabel(run)} <span class={`state state-${info.status.toLowerCase()}`}>{info.status}</span>
      </h1>
      <dl class="facts">
        <div>
          <dt>Run id</dt>
          <dd>
            <code>{info.run_id}</code>
          </dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{info.user_id || '—'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(info.start_time)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(info.end_time ? info.end_time - info.start_time : null)}</dd>
        </div>
        <div>
          <dt>Artifacts</dt>
          <dd>
            <code class="wrap">{info.artifact_uri}</code>
          </dd>
        </div>
      </dl>
      <Tabs tabs={TABS} selected={tab} onSelect={(id) => setQuery({ tab: id === 'overview' ? null : id })} label="Run">
        {tab === 'overview' && <Overview run={run} />}
        {tab === 'metrics' && <MetricCharts run={run} />}
        {tab === 'predictions' && <PredictionsTable runId={info.run_id} />}
        {tab === 'artifacts' && <ArtifactsBrowser runId={info.run_id} />}
        {tab === 'datasets' && <Datasets run={run} />}
      </Tabs>
    </section>
  );
}

function Overview({ run }: { run: Schemas['RunView'] }) {
  return (
    <div class="grid-2">
      <div>
        <h2>Params</h2>
        <DataTable
          columns={[
            { key: 'key', header: 'Param', cell: (p) => p.key, sortValue: (p) => p.key },
            {
              key: 'value',
              header: 'Value',
              cell: (p) => <span class="wrap">{p.value}</span>,
              sortValue: (p) => p.value,
            },
          ]}
          rows={run.data.params}
          rowKey={(p) => p.key}
          empty="No params logged."
        />
      </div>
      <div>
        <h2>Metrics (latest)</h2>
        <DataTable
          columns={[
            { key: 'key', header: 'Metric', cell: (m) => m.key, sortValue: (m) => m.key },
            {
              key: 'value',
              header: 'Value',
              numeric: true,
              cell: (m) => formatNumber(m.value),
              sortValue: (m) => (typeof m.value === 'number' ? m.value : NaN),
            },
            { key: 'step', header: 'Step', numeric: true, cell: (m) => m.step, sortValue: (m) => m.step },
          ]}
          rows={run.data.metrics}
          rowKey={(m) => m.key}
          empty="No metrics logged."
        />
      </div>
      <div class="span-2">
        <h2>Tags</h2>
        <DataTable
          columns={[
            { key: 'key', header: 'Tag', cell: (t) => t.key, sortValue: (t) => t.key },
            { key: 'value', header: 'Value', cell: (t) => <span class="wrap">{t.value}</span> },
          ]}
          rows={run.data.tags}
          rowKey={(t) => t.key}
          empty="No tags."
        />
      </div>
    </div>
  );
}

function Datasets({ run }: { run: Schemas['RunView'] }) {
  const inputs = run.inputs.dataset_inputs;
  return (
    <DataTable
      caption="Datasets the run used"
      columns={[
        { key: 'name', header: 'Name', cell: (d) => d.dataset.name },
        {
          key: 'context',
          header: 'Context',
          cell: (d) => d.tags.find((t) => t.key === 'mlflow.data.context')?.value ?? '—',
        },
        { key: 'digest', header: 'Digest', cell: (d) => <code>{d.dataset.digest}</code> },
        { key: 'source', header: 'Source', cell: (d) => <span class="wrap">{d.dataset.source}</span> },
        { key: 'profile', header: 'Profile', cell: (d) => <span class="wrap">{d.dataset.profile ?? '—'}</span> },
      ]}
      rows={inputs}
      rowKey={(d) => `${d.dataset.name}:${d.dataset.digest}`}
      empty="No dataset recorded."
    />
  );
}
