import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens that expire (null: until revoked), and the token buckets every gateway replica shares
 * (per-token request rates, failed authentications per client address).
 */
export class TokenExpiryRateBuckets1765400000000 implements MigrationInterface {
  name = 'TokenExpiryRateBuckets1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_tokens ADD COLUMN expires_at bigint`);
    await q.query(`
      CREATE TABLE identity_rate_buckets (
        bucket varchar(200) PRIMARY KEY,
        tokens double precision NOT NULL,
        updated_at bigint NOT NULL,
        full_at bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX identity_rate_buckets_full_at_idx ON identity_rate_buckets (full_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity_rate_buckets`);
    await q.query(`ALTER TABLE identity_tokens DROP COLUMN expires_at`);
  }
}
