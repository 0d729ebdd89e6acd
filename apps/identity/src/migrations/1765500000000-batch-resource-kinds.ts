import { MigrationInterface, QueryRunner } from 'typeorm';

/** Permissions on batch data: tables and datasets (by canonical name) and batch jobs (by id). */
export class BatchResourceKinds1765500000000 implements MigrationInterface {
  name = 'BatchResourceKinds1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity_permissions DROP CONSTRAINT IF EXISTS identity_permissions_kind_check');
    await q.query(
      `ALTER TABLE identity_permissions ADD CONSTRAINT identity_permissions_kind_check
        CHECK (kind IN ('experiment', 'registered_model', 'table', 'dataset', 'batch_job'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM identity_permissions WHERE kind IN ('table', 'dataset', 'batch_job')`);
    await q.query('ALTER TABLE identity_permissions DROP CONSTRAINT IF EXISTS identity_permissions_kind_check');
    await q.query(
      `ALTER TABLE identity_permissions ADD CONSTRAINT identity_permissions_kind_check
        CHECK (kind IN ('experiment', 'registered_model'))`,
    );
  }
}
