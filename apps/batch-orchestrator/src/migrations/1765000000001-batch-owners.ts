import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Owners and batch data as resources: jobs record who submitted them; uploaded datasets and the
 * tables jobs write are recorded by canonical name (the resource id of their permissions).
 */
export class BatchOwners1765000000001 implements MigrationInterface {
  name = 'BatchOwners1765000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE batch_jobs ADD COLUMN IF NOT EXISTS created_by text');
    await q.query('CREATE INDEX IF NOT EXISTS batch_jobs_created_by ON batch_jobs (created_by, created_at)');
    await q.query('CREATE INDEX IF NOT EXISTS batch_jobs_output_table ON batch_jobs (output_table, created_at)');
    await q.query('CREATE INDEX IF NOT EXISTS batch_jobs_dataset ON batch_jobs (dataset_uri, state)');
    await q.query(`
      CREATE TABLE IF NOT EXISTS batch_datasets (
        name varchar(512) PRIMARY KEY,
        format text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        row_count integer NOT NULL,
        columns jsonb NOT NULL,
        created_by text,
        created_at bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS batch_tables (
        name varchar(512) PRIMARY KEY,
        created_by text,
        created_at bigint NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS batch_tables');
    await q.query('DROP TABLE IF EXISTS batch_datasets');
    await q.query('DROP INDEX IF EXISTS batch_jobs_dataset');
    await q.query('DROP INDEX IF EXISTS batch_jobs_output_table');
    await q.query('DROP INDEX IF EXISTS batch_jobs_created_by');
    await q.query('ALTER TABLE batch_jobs DROP COLUMN IF EXISTS created_by');
  }
}
