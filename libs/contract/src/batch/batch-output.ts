/**
 * The columns of a batch job's output Delta table. The orchestrator creates the table with them;
 * workers write rows of this shape. Every row carries its lineage: the job, the partition, the
 * pinned model (name, version, URI, the run that produced it).
 */
export interface BatchOutputColumn {
  name: string;
  type: 'string' | 'long' | 'double' | 'timestamp';
  nullable: boolean;
}

export const BATCH_OUTPUT_COLUMNS: readonly BatchOutputColumn[] = [
  { name: 'job_id', type: 'string', nullable: false },
  { name: 'partition', type: 'long', nullable: false },
  { name: 'row_index', type: 'long', nullable: false },
  { name: 'article_id', type: 'string', nullable: false },
  { name: 'summary', type: 'string', nullable: false },
  { name: 'model_name', type: 'string', nullable: true },
  { name: 'model_version', type: 'string', nullable: true },
  { name: 'model_uri', type: 'string', nullable: false },
  { name: 'model_run_id', type: 'string', nullable: true },
  { name: 'latency_ms', type: 'double', nullable: false },
  { name: 'created_at', type: 'timestamp', nullable: false },
];

/** Partitioned by job, so one job's output is one `job_id=<id>/` folder readers can prune to. */
export const BATCH_OUTPUT_PARTITION_COLUMNS: readonly string[] = ['job_id'];

/** The full column list for a job keeping these input columns (kept values are strings). */
export function batchOutputColumns(keepColumns: readonly string[]): BatchOutputColumn[] {
  return [...BATCH_OUTPUT_COLUMNS, ...keepColumns.map((name) => ({ name, type: 'string' as const, nullable: true }))];
}

/** The Delta `txn` application id of one partition's commit: a retried commit becomes a no-op. */
export function partitionTxnAppId(jobId: string, partition: number): string {
  return `llmops-batch/${jobId}/${partition}`;
}
