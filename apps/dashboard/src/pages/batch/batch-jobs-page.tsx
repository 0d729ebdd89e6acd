import { api, data, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/status';
import { formatNumber, formatTime } from '../../lib/format';
import { Link, seg, setQuery, useLocation } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { useResource } from '../../lib/use-resource';

type Job = Schemas['BatchJobView'];
const STATES = ['RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'] as const;

/** Batch jobs, newest first. */
export default function BatchJobsPage() {
  useTitle('Batch jobs');
  const { query } = useLocation();
  const state = STATES.find((s) => s === query.get('state'));
  const jobs = useResource(
    () => data(api.GET('/api/v1/batch-jobs', { params: { query: { limit: 200, ...(state ? { state } : {}) } } })),
    [state],
  );
  return (
    <section>
      <h1>Batch jobs</h1>
      <div class="toolbar">
        <label for="job-state">State</label>
        <select id="job-state" value={state ?? ''} onChange={(e) => setQuery({ state: e.currentTarget.value })}>
          <option value="">any</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" onClick={jobs.reload}>
          Refresh
        </button>
      </div>
      <Loaded resource={jobs} label="Loading jobs…">
        {(j) => (
          <DataTable
            caption="Batch jobs"
            columns={[
              {
                key: 'job',
                header: 'Job',
                cell: (job: Job) => <Link href={`/batch/${seg(job.jobId)}`}>{job.jobId.slice(0, 8)}</Link>,
              },
              {
                key: 'state',
                header: 'State',
                sortValue: (job: Job) => job.state,
                cell: (job: Job) => <span class={`state state-${job.state.toLowerCase()}`}>{job.state}</span>,
              },
              {
                key: 'progress',
                header: 'Progress',
                sortValue: (job: Job) => progressOf(job),
                cell: (job: Job) => (
                  <progress
                    max={1}
                    value={progressOf(job)}
                    aria-label={`${Math.round(progressOf(job) * 100)}% of rows`}
                  />
                ),
              },
              {
                key: 'rows',
                header: 'Rows written / failed / total',
                numeric: true,
                cell: (job: Job) =>
                  `${formatNumber(job.rows.written)} / ${formatNumber(job.rows.failed)} / ${formatNumber(job.totalRows)}`,
              },
              {
                key: 'throughput',
                header: 'Rows/s',
                numeric: true,
                sortValue: (job: Job) => job.throughputRowsPerSec,
                cell: (job: Job) => formatNumber(job.throughputRowsPerSec, 1),
              },
              { key: 'model', header: 'Model', cell: (job: Job) => <code>{job.model.modelUri}</code> },
              {
                key: 'owner',
                header: 'Submitted by',
                sortValue: (job: Job) => job.owner ?? '',
                cell: (job: Job) => job.owner ?? '—',
              },
              {
                key: 'created',
                header: 'Started',
                sortValue: (job: Job) => job.createdAt,
                cell: (job: Job) => formatTime(job.createdAt),
              },
            ]}
            rows={j.jobs}
            rowKey={(job) => job.jobId}
            empty="No batch job yet."
          />
        )}
      </Loaded>
    </section>
  );
}

export function progressOf(job: Pick<Job, 'rows' | 'totalRows'>): number {
  return job.totalRows > 0 ? Math.min(1, (job.rows.written + job.rows.failed) / job.totalRows) : 0;
}
