import { DeltaColumn } from './columns';

/**
 * The table batch inference appends to: one row per input article. Partitioned by `job_id` so a
 * job's output is one Hive folder (`job_id=<id>/`) that Spark, delta-rs or DuckDB can prune on.
 */
export const SUMMARIES_COLUMNS: readonly DeltaColumn[] = [
  { name: 'job_id', type: 'string', nullable: false },
  { name: 'partition_id', type: 'long', nullable: false },
  { name: 'row_index', type: 'long', nullable: false },
  { name: 'article_id', type: 'string', nullable: false },
  { name: 'summary', type: 'string', nullable: true },
  { name: 'model_uri', type: 'string', nullable: false },
  { name: 'model_version', type: 'string', nullable: true },
  { name: 'latency_ms', type: 'double', nullable: true },
  { name: 'input_chars', type: 'long', nullable: true },
  { name: 'ok', type: 'boolean', nullable: false },
  { name: 'error', type: 'string', nullable: true },
  { name: 'worker_id', type: 'string', nullable: true },
  { name: 'created_at', type: 'timestamp', nullable: false },
];

export const SUMMARIES_PARTITION_COLUMNS: readonly string[] = ['job_id'];

/** A row of the summaries table as the batch orchestrator builds it. */
export interface SummaryRow {
  [column: string]: string | number | bigint | boolean | Date | null | undefined;
  job_id: string;
  partition_id: number;
  row_index: number;
  article_id: string;
  summary: string | null;
  model_uri: string;
  model_version?: string | null;
  latency_ms?: number | null;
  input_chars?: number | null;
  ok: boolean;
  error?: string | null;
  worker_id?: string | null;
  created_at: Date;
}

/** Options for `DeltaTable.create`/`openOrCreate` that make the summaries table. */
export const SUMMARIES_TABLE = {
  name: 'summaries',
  description: 'Batch inference output: one summary per input article',
  columns: SUMMARIES_COLUMNS,
  partitionColumns: SUMMARIES_PARTITION_COLUMNS,
} as const;
