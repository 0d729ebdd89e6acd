import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Input splits: a JSONL/CSV partition records the bytes that hold its rows, so a worker reads only
 * them (null for Parquet and for partitions planned before splits, which are read by row range).
 */
export class PartitionBytes1766000000000 implements MigrationInterface {
  name = 'PartitionBytes1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE batch_partitions ADD COLUMN IF NOT EXISTS start_byte bigint');
    await q.query('ALTER TABLE batch_partitions ADD COLUMN IF NOT EXISTS end_byte bigint');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE batch_partitions DROP COLUMN IF EXISTS end_byte');
    await q.query('ALTER TABLE batch_partitions DROP COLUMN IF EXISTS start_byte');
  }
}
