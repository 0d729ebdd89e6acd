import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'batch_jobs' })
export class BatchJobEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'text', name: 'dataset_uri' })
  datasetUri!: string;

  @Column({ type: 'text', name: 'dataset_format' })
  datasetFormat!: string;

  @Column({ type: 'text', name: 'id_column' })
  idColumn!: string;

  @Column({ type: 'text', name: 'text_column' })
  textColumn!: string;

  @Column({ type: 'jsonb', name: 'keep_columns' })
  keepColumns!: string[];

  @Column({ type: 'text', name: 'output_table' })
  outputTable!: string;

  @Column({ type: 'integer', name: 'partition_size' })
  partitionSize!: number;

  @Column({ type: 'integer', name: 'max_deliver' })
  maxDeliver!: number;

  @Column({ type: 'text', name: 'model_requested_uri' })
  modelRequestedUri!: string;

  @Column({ type: 'text', name: 'model_uri' })
  modelUri!: string;

  @Column({ type: 'text', name: 'model_name', nullable: true })
  modelName!: string | null;

  @Column({ type: 'text', name: 'model_version', nullable: true })
  modelVersion!: string | null;

  @Column({ type: 'text', name: 'model_run_id' })
  modelRunId!: string;

  @Column({ type: 'text', name: 'model_storage_location' })
  modelStorageLocation!: string;

  @Column({ type: 'integer', name: 'total_rows' })
  totalRows!: number;

  @Column({ type: 'integer', name: 'total_partitions' })
  totalPartitions!: number;

  @Column({ type: 'integer', name: 'partitions_done' })
  partitionsDone!: number;

  @Column({ type: 'integer', name: 'partitions_dead_lettered' })
  partitionsDeadLettered!: number;

  @Column({ type: 'bigint', name: 'rows_written' })
  rowsWritten!: string;

  @Column({ type: 'bigint', name: 'rows_failed' })
  rowsFailed!: string;

  @Column({ type: 'bigint', name: 'created_at' })
  createdAt!: string;

  @Column({ type: 'bigint', name: 'finished_at', nullable: true })
  finishedAt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}

@Entity({ name: 'batch_partitions' })
export class BatchPartitionEntity {
  @PrimaryColumn({ type: 'text', name: 'job_id' })
  jobId!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @Column({ type: 'integer', name: 'start_row' })
  startRow!: number;

  @Column({ type: 'integer', name: 'end_row' })
  endRow!: number;

  @Column({ type: 'bigint', name: 'start_byte', nullable: true })
  startByte!: string | null;

  @Column({ type: 'bigint', name: 'end_byte', nullable: true })
  endByte!: string | null;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'integer', name: 'rows_written' })
  rowsWritten!: number;

  @Column({ type: 'jsonb', name: 'failed_rows' })
  failedRows!: Array<{ id: string; error: string }>;

  @Column({ type: 'integer' })
  deliveries!: number;

  @Column({ type: 'integer', name: 'table_version', nullable: true })
  tableVersion!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'text', name: 'worker_id', nullable: true })
  workerId!: string | null;

  @Column({ type: 'double precision', name: 'summarize_ms', nullable: true })
  summarizeMs!: number | null;

  @Column({ type: 'double precision', name: 'commit_ms', nullable: true })
  commitMs!: number | null;

  @Column({ type: 'bigint', name: 'settled_at', nullable: true })
  settledAt!: string | null;
}
