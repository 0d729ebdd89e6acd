import { useEffect } from 'preact/hooks';
import { api, data } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { formatTime } from '../../lib/format';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';

const REFRESH_MS = 10_000;

/** Each service's readiness as the gateway sees it, refreshed every few seconds. */
export default function HealthPage() {
  useTitle('Health');
  const health = useResource(() => data(api.GET('/api/v1/health')), []);
  useEffect(() => {
    const timer = setInterval(health.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [health.reload]);
  return (
    <section>
      <h1>Health</h1>
      <Loaded resource={health} label="Asking every service…">
        {(h) => (
          <>
            <p role="status">
              {h.status === 'ok' ? (
                <span class="chip ok">every service is ready</span>
              ) : (
                <span class="chip bad">unavailable</span>
              )}{' '}
              <span class="muted">
                checked {formatTime(h.checked_at)}; refreshed every {REFRESH_MS / 1000} s
              </span>
            </p>
            <DataTable
              caption="Readiness of the message bus and each service"
              columns={[
                { key: 'name', header: 'Service', sortValue: (s) => s.name, cell: (s) => s.name },
                {
                  key: 'status',
                  header: 'Ready',
                  sortValue: (s) => s.status,
                  cell: (s) =>
                    s.status === 'ok' ? <span class="chip ok">ready</span> : <span class="chip bad">failing</span>,
                },
                { key: 'message', header: 'Detail', cell: (s) => <span class="wrap">{s.message ?? ''}</span> },
              ]}
              rows={h.services}
              rowKey={(s) => s.name}
            />
            <h2>Replicas</h2>
            <p class="hint">
              Every replica of every service announces itself every few seconds; one silent for three of its intervals
              is no longer listed.
            </p>
            <DataTable
              caption={`${h.replicas.length} replicas of ${new Set(h.replicas.map((r) => r.service)).size} services`}
              columns={[
                {
                  key: 'service',
                  header: 'Service',
                  sortValue: (r) => r.service,
                  cell: (r) => (
                    <>
                      {r.service}{' '}
                      <span class="muted">({h.replicas.filter((x) => x.service === r.service).length} replicas)</span>
                    </>
                  ),
                },
                {
                  key: 'replica',
                  header: 'Replica',
                  sortValue: (r) => r.replica,
                  cell: (r) => <code>{r.replica}</code>,
                },
                {
                  key: 'started',
                  header: 'Started',
                  sortValue: (r) => r.started_at,
                  cell: (r) => formatTime(r.started_at),
                },
                { key: 'seen', header: 'Last heartbeat', cell: (r) => formatTime(r.last_seen) },
              ]}
              rows={h.replicas}
              rowKey={(r) => `${r.service}/${r.replica}`}
              empty="No heartbeat heard yet."
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
