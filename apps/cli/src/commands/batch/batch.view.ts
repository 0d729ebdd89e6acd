import type { BatchJobDetailView, BatchJobView } from '@llmops/contract';
import { formatFields, formatNumber, formatTable, formatTime } from '../../output/table';

export function formatJobs(jobs: BatchJobView[]): string {
  if (jobs.length === 0) return '(no batch jobs)';
  return formatTable(
    ['JOB ID', 'STATE', 'MODEL', 'ROWS WRITTEN', 'FAILED', 'PARTITIONS', 'CREATED', 'TABLE'],
    jobs.map((j) => [
      j.jobId,
      j.state,
      j.model?.modelUri,
      `${j.rows.written}/${j.totalRows}`,
      j.rows.failed,
      `${j.partitions.done + j.partitions.deadLettered}/${j.partitions.total}`,
      formatTime(j.createdAt),
      j.outputTable,
    ]),
    { maxCellWidth: 60 },
  );
}

export function formatJob(job: BatchJobView | BatchJobDetailView): string {
  const out = formatFields([
    ['job_id', job.jobId],
    ['state', job.state],
    ['model', `${job.model?.modelUri ?? '-'} (asked: ${job.model?.requestedUri ?? '-'})`],
    ['dataset', job.datasetUri],
    ['table', job.outputTable],
    ['rows', `${job.rows.written} written, ${job.rows.failed} failed, of ${job.totalRows}`],
    [
      'partitions',
      `${job.partitions.done} done, ${job.partitions.deadLettered} dead-lettered, ${job.partitions.pending} pending, of ${job.partitions.total}`,
    ],
    ['throughput', job.throughputRowsPerSec === null ? null : `${formatNumber(job.throughputRowsPerSec)} rows/s`],
    ['created', formatTime(job.createdAt)],
    ['finished', formatTime(job.finishedAt)],
    ['error', job.error],
  ]);
  const failed = (job as BatchJobDetailView).failedRowIds ?? [];
  if (failed.length === 0) return out;
  const shown = failed.slice(0, 20).join(', ');
  return `${out}\nfailed rows: ${shown}${failed.length > 20 ? `, ... (${failed.length - 20} more)` : ''}`;
}
