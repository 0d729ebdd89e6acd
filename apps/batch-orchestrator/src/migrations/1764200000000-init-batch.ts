import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitBatch1764200000000 implements MigrationInterface {
  name = 'InitBatch1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS batch_jobs (
        id text PRIMARY KEY,
        state text NOT NULL,
        dataset_uri text NOT NULL,
        dataset_format text NOT NULL,
        id_column text NOT NULL,
        text_column text NOT NULL,
        keep_columns jsonb NOT NULL,
        output_table text NOT NULL,
        partition_size integer NOT NULL,
        max_deliver integer NOT NULL,
        model_requested_uri text NOT NULL,
        model_uri text NOT NULL,
        model_name text,
        model_version text,
        model_run_id text NOT NULL,
        model_storage_location text NOT NULL,
        total_rows integer NOT NULL,
        total_partitions integer NOT NULL,
        partitions_done integer NOT NULL,
        partitions_dead_lettered integer NOT NULL,
        rows_written bigint NOT NULL,
        rows_failed bigint NOT NULL,
        created_at bigint NOT NULL,
        finished_at bigint,
        error text
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS batch_jobs_state_created ON batch_jobs (state, created_at)');
    await q.query(`
      CREATE TABLE IF NOT EXISTS batch_partitions (
        job_id text NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
        partition integer NOT NULL,
        start_row integer NOT NULL,
        end_row integer NOT NULL,
        state text NOT NULL,
        rows_written integer NOT NULL,
        failed_rows jsonb NOT NULL,
        deliveries integer NOT NULL,
        table_version integer,
        error text,
        worker_id text,
        summarize_ms double precision,
        commit_ms double precision,
        settled_at bigint,
        PRIMARY KEY (job_id, partition)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS batch_partitions');
    await q.query('DROP TABLE IF EXISTS batch_jobs');
  }
}
