import { useEffect, useState } from 'preact/hooks';
import { api, data, messageOf, type Schemas } from '../../api/client';
import { readEventStream } from '../../api/sse';
import { DataTable } from '../../components/data-table';
import { ErrorBox, Loading } from '../../components/status';
import { formatDuration, formatNumber, formatTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useTitle } from '../../lib/title';
import { progressOf } from './batch-jobs-page';
import { DeltaTablePanel } from './delta-table-panel';
import { applyPartitionEvent } from './live-job';

type Detail = Schemas['BatchJobDetailView'];
type Partition = Schemas['BatchPartitionView'];

/**
 * One batch job, live: while it runs, the page follows the job's server-sent event stream
 * (partition by partition) and reads the job once more when it finishes.
 */
export default function BatchJobPage({ jobId }: { jobId: string }) {
  useTitle(`Batch job ${jobId.slice(0, 8)}`);
  const [job, setJob] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [live, setLive] = useState<'connecting' | 'live' | 'ended' | 'lost'>('connecting');
  const [streamError, setStreamError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    const read = () => data(api.GET('/api/v1/batch-jobs/{jobId}', { params: { path: { jobId } } }));
    setLive('connecting');
    read()
      .then((detail) => {
        if (abort.signal.aborted) return;
        setJob(detail);
        if (detail.state !== 'RUNNING') {
          setLive('ended');
          return;
        }
        setLive('live');
        return readEventStream(
          `/api/v1/batch-jobs/${encodeURIComponent(jobId)}/events`,
          (event) => {
            const payload = JSON.parse(event.data) as unknown;
            if (event.event === 'job') setJob(payload as Detail);
            else if (event.event === 'partition')
              setJob((j) => (j ? applyPartitionEvent(j, payload as Schemas['BatchPartitionEvent']) : j));
            else if (event.event === 'finished') {
              setLive('ended');
              void read().then((d) => !abort.signal.aborted && setJob(d));
            }
          },
          abort.signal,
        ).then(
          () => {
            if (!abort.signal.aborted) setLive((l) => (l === 'live' ? 'lost' : l));
          },
          (e: unknown) => {
            if (abort.signal.aborted) return;
            setLive('lost');
            setStreamError(messageOf(e));
          },
        );
      })
      .catch((e: unknown) => !abort.signal.aborted && setError(e));
    return () => abort.abort();
  }, [jobId, generation]);

  if (error !== undefined)
    return <ErrorBox error={error} retry={() => (setError(undefined), setGeneration((g) => g + 1))} />;
  if (!job) return <Loading label="Loading the job…" />;
  const progress = progressOf(job);
  const elapsed = (job.finishedAt ?? Date.now()) - job.createdAt;
  return (
    <section>
      <nav aria-label="Breadcrumb" class="crumbs">
        <Link href="/batch">Batch jobs</Link> / <span aria-current="page">{job.jobId.slice(0, 8)}</span>
      </nav>
      <h1>
        Batch job <code>{job.jobId.slice(0, 8)}</code>{' '}
        <span class={`state state-${job.state.toLowerCase()}`} data-testid="job-state">
          {job.state}
        </span>
      </h1>
      <p class="live" aria-live="polite">
        {live === 'live' && <span class="dot" aria-hidden="true" />}
        {live === 'connecting' && 'Connecting…'}
        {live === 'live' && 'Live: following the job’s progress stream'}
        {live === 'ended' && `Finished ${formatTime(job.finishedAt)}`}
        {live === 'lost' && (
          <>
            The progress stream ended before the job did{streamError ? ` (${streamError})` : ''}.{' '}
            <button type="button" class="link" onClick={() => setGeneration((g) => g + 1)}>
              Reconnect
            </button>
          </>
        )}
      </p>
      <div class="progress-block">
        <progress max={1} value={progress} aria-label="Rows processed" />
        <span>{Math.round(progress * 100)}%</span>
      </div>
      <dl class="figures">
        {[
          ['rows written', formatNumber(job.rows.written)],
          ['rows failed', formatNumber(job.rows.failed)],
          ['rows in dataset', formatNumber(job.totalRows)],
          [
            'partitions done / dead-lettered / pending',
            `${job.partitions.done} / ${job.partitions.deadLettered} / ${job.partitions.pending}`,
          ],
          ['throughput', `${formatNumber(job.throughputRowsPerSec, 1)} rows/s`],
          ['elapsed', formatDuration(elapsed)],
        ].map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {job.error && <ErrorBox error={new Error(job.error)} />}
      <dl class="facts">
        <div>
          <dt>Submitted by</dt>
          <dd>{job.owner ?? '—'}</dd>
        </div>
        <div>
          <dt>Model</dt>
          <dd>
            <code>{job.model.modelUri}</code> (asked for <code>{job.model.requestedUri}</code>)
          </dd>
        </div>
        <div>
          <dt>Dataset</dt>
          <dd>
            <code class="wrap">{job.datasetUri}</code> ({job.datasetFormat}, text column <code>{job.textColumn}</code>)
          </dd>
        </div>
        <div>
          <dt>Output table</dt>
          <dd>
            <code class="wrap">{job.outputTable}</code>
          </dd>
        </div>
      </dl>

      <h2>Partitions</h2>
      <DataTable
        caption={`${job.partitions.total} partitions of ${job.partitionSize} rows`}
        columns={[
          {
            key: 'partition',
            header: '#',
            numeric: true,
            sortValue: (p: Partition) => p.partition,
            cell: (p: Partition) => p.partition,
          },
          {
            key: 'state',
            header: 'State',
            sortValue: (p: Partition) => p.state,
            cell: (p: Partition) => <span class={`state state-${p.state.toLowerCase()}`}>{p.state}</span>,
          },
          { key: 'rows', header: 'Rows', cell: (p: Partition) => `${p.startRow}–${p.endRow - 1}` },
          { key: 'written', header: 'Written', numeric: true, cell: (p: Partition) => p.rowsWritten },
          {
            key: 'failed',
            header: 'Failed',
            numeric: true,
            sortValue: (p: Partition) => p.failedRowIds.length,
            cell: (p: Partition) => p.failedRowIds.length,
          },
          { key: 'deliveries', header: 'Deliveries', numeric: true, cell: (p: Partition) => p.deliveries },
          { key: 'worker', header: 'Worker', cell: (p: Partition) => p.workerId ?? '—' },
          {
            key: 'summarize',
            header: 'Summarize',
            numeric: true,
            cell: (p: Partition) => formatDuration(p.summarizeMs),
          },
          { key: 'commit', header: 'Commit', numeric: true, cell: (p: Partition) => formatDuration(p.commitMs) },
          { key: 'version', header: 'Table version', numeric: true, cell: (p: Partition) => p.tableVersion ?? '—' },
          {
            key: 'error',
            header: 'Error',
            cell: (p: Partition) => <span class="wrap error-text">{p.error ?? ''}</span>,
          },
        ]}
        rows={job.partitionDetails}
        rowKey={(p) => String(p.partition)}
      />

      <h2>Failed rows ({job.failedRowIds.length})</h2>
      {job.failedRowIds.length === 0 ? (
        <p class="muted">No row failed.</p>
      ) : (
        <ul class="failed-rows">
          {job.failedRowIds.map((id) => (
            <li key={id}>
              <code>{id}</code>
            </li>
          ))}
        </ul>
      )}

      <DeltaTablePanel jobId={job.jobId} refreshKey={`${job.state}:${job.partitions.done}`} />
    </section>
  );
}
