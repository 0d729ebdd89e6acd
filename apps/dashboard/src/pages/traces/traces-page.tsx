import { useState } from 'preact/hooks';
import { api, ApiError, data } from '../../api/client';
import {
  attributesOf,
  durationToMs,
  getTrace,
  searchTraces,
  spansOf,
  type Span,
  type TraceInfo,
  waterfall,
} from '../../api/traces';
import { DataTable } from '../../components/data-table';
import { ErrorBox, Loaded } from '../../components/status';
import { formatDuration, formatTime } from '../../lib/format';
import { Link, seg, setQuery, useLocation } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';

function notServed(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'ENDPOINT_NOT_FOUND';
}

function NotAvailable() {
  return (
    <div class="notice" role="status">
      <strong>Traces are not available on this platform yet.</strong> The gateway does not serve MLflow's trace API (
      <code>/api/3.0/mlflow/traces</code>); this page lists traces and draws their span waterfalls once it does.
    </div>
  );
}

/** Traces of summarizations (MLflow 3 GenAI traces): a list, and a span waterfall per trace. */
export default function TracesPage({ traceId }: { traceId?: string }) {
  useTitle(traceId ? `Trace ${traceId.slice(0, 8)}` : 'Traces');
  return traceId ? <TraceDetail traceId={traceId} /> : <TraceList />;
}

function TraceList() {
  const { query } = useLocation();
  const experiments = useResource(
    () => data(api.GET('/api/v1/experiments', { params: { query: { max_results: 1000 } } })),
    [],
  );
  const experimentId = query.get('experiment') ?? '';
  const filter = query.get('filter') ?? '';
  const [draft, setDraft] = useState(filter);
  const ids = experimentId ? [experimentId] : (experiments.data?.experiments ?? []).map((e) => e.experiment_id);
  const traces = useResource(
    () =>
      ids.length === 0
        ? Promise.resolve({ traces: [] as TraceInfo[] })
        : searchTraces({ experimentIds: ids, filter, maxResults: 100 }),
    [ids.join(','), filter],
  );
  return (
    <section>
      <h1>Traces</h1>
      {traces.error !== undefined && notServed(traces.error) ? (
        <NotAvailable />
      ) : (
        <>
          <form
            class="search"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery({ filter: draft.trim() });
            }}
          >
            <div class="row">
              <label for="trace-experiment">Experiment</label>
              <select
                id="trace-experiment"
                value={experimentId}
                onChange={(e) => setQuery({ experiment: e.currentTarget.value })}
              >
                <option value="">all</option>
                {(experiments.data?.experiments ?? []).map((e) => (
                  <option key={e.experiment_id} value={e.experiment_id}>
                    {e.name}
                  </option>
                ))}
              </select>
              <label for="trace-filter">Filter</label>
              <input
                id="trace-filter"
                type="search"
                value={draft}
                placeholder="trace.status = 'OK'"
                onInput={(e) => setDraft(e.currentTarget.value)}
              />
              <button type="submit">Search</button>
            </div>
          </form>
          <Loaded resource={traces} label="Searching traces…">
            {(t) => (
              <DataTable
                caption="Traces, newest first"
                columns={[
                  {
                    key: 'id',
                    header: 'Trace',
                    cell: (x: TraceInfo) => <Link href={`/traces/${seg(x.trace_id)}`}>{x.trace_id.slice(0, 12)}</Link>,
                  },
                  {
                    key: 'time',
                    header: 'When',
                    sortValue: (x: TraceInfo) => Date.parse(x.request_time ?? ''),
                    cell: (x: TraceInfo) => formatTime(Date.parse(x.request_time ?? '')),
                  },
                  {
                    key: 'duration',
                    header: 'Duration',
                    numeric: true,
                    sortValue: (x: TraceInfo) => durationToMs(x.execution_duration),
                    cell: (x: TraceInfo) => formatDuration(durationToMs(x.execution_duration)),
                  },
                  { key: 'state', header: 'Status', cell: (x: TraceInfo) => x.state ?? '—' },
                  {
                    key: 'request',
                    header: 'Request',
                    cell: (x: TraceInfo) => <span class="clip">{x.request_preview}</span>,
                  },
                  {
                    key: 'response',
                    header: 'Response',
                    cell: (x: TraceInfo) => <span class="clip">{x.response_preview}</span>,
                  },
                ]}
                rows={t.traces ?? []}
                rowKey={(x) => x.trace_id}
                empty="No trace matches."
              />
            )}
          </Loaded>
        </>
      )}
    </section>
  );
}

function TraceDetail({ traceId }: { traceId: string }) {
  const trace = useResource(() => getTrace(traceId), [traceId]);
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/traces">Traces</Link> / <span aria-current="page">{traceId.slice(0, 12)}</span>
      </nav>
      <h1>
        Trace <code>{traceId.slice(0, 12)}</code>
      </h1>
      {trace.error !== undefined && notServed(trace.error) ? (
        <NotAvailable />
      ) : trace.error !== undefined && !trace.data ? (
        <ErrorBox error={trace.error} retry={trace.reload} />
      ) : (
        <Loaded resource={trace} label="Loading the trace…">
          {(t) => {
            const spans = spansOf(t.trace);
            const { rows, totalMs } = waterfall(spans);
            const span = spans.find((s) => s.span_id === picked) ?? rows[0]?.span;
            const info = t.trace?.trace_info;
            return (
              <>
                {info && (
                  <dl class="facts">
                    <div>
                      <dt>When</dt>
                      <dd>{formatTime(Date.parse(info.request_time ?? ''))}</dd>
                    </div>
                    <div>
                      <dt>Duration</dt>
                      <dd>{formatDuration(durationToMs(info.execution_duration))}</dd>
                    </div>
                    <div>
                      <dt>Status</dt>
                      <dd>{info.state}</dd>
                    </div>
                  </dl>
                )}
                <h2>Spans</h2>
                {rows.length === 0 ? (
                  <p class="muted">This trace has no span data.</p>
                ) : (
                  <ol class="waterfall" aria-label={`Span waterfall, ${formatDuration(totalMs)} in all`}>
                    {rows.map((r) => (
                      <li key={r.span.span_id}>
                        <button
                          type="button"
                          class={r.span.span_id === span?.span_id ? 'span-row selected' : 'span-row'}
                          aria-pressed={r.span.span_id === span?.span_id}
                          onClick={() => setPicked(r.span.span_id)}
                        >
                          <span class="span-name" style={{ paddingLeft: `${r.depth * 14}px` }}>
                            {r.span.name}
                          </span>
                          <span class="span-track" aria-hidden="true">
                            <span
                              class={`span-bar${r.span.status?.code === 'STATUS_CODE_ERROR' || r.span.status?.code === 'ERROR' ? ' error' : ''}`}
                              style={{
                                left: `${totalMs > 0 ? (r.startMs / totalMs) * 100 : 0}%`,
                                width: `${totalMs > 0 && r.durationMs !== null ? Math.max(0.5, (r.durationMs / totalMs) * 100) : 0.5}%`,
                              }}
                            />
                          </span>
                          <span class="span-time">{formatDuration(r.durationMs)}</span>
                        </button>
                      </li>
                    ))}
                  </ol>
                )}
                {span && <SpanDetail span={span} />}
              </>
            );
          }}
        </Loaded>
      )}
    </section>
  );
}

function SpanDetail({ span }: { span: Span }) {
  return (
    <div class="panel">
      <h3>{span.name}</h3>
      {span.status?.message && <p class="error-text">{span.status.message}</p>}
      <pre class="code-block" tabIndex={0}>
        {JSON.stringify(attributesOf(span.attributes), null, 2)}
      </pre>
      {(span.events?.length ?? 0) > 0 && (
        <>
          <h4>Events</h4>
          <pre class="code-block">
            {JSON.stringify(
              span.events?.map((e) => ({ ...e, attributes: attributesOf(e.attributes) })),
              null,
              2,
            )}
          </pre>
        </>
      )}
    </div>
  );
}
