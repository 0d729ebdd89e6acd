import { MigrationInterface, QueryRunner } from 'typeorm';
import { TokenExpiryRateBuckets1765400000000 } from './1765400000000-token-expiry-rate-buckets';
import { BatchResourceKinds1765500000000 } from './1765500000000-batch-resource-kinds';

/** Users, API tokens (sha256 of the secret only), per-resource permissions and the audit log. */
export class InitIdentity1700000000000 implements MigrationInterface {
  name = 'InitIdentity1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_users (
        name varchar(128) PRIMARY KEY,
        roles varchar(256) NOT NULL,
        created_at bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE identity_tokens (
        id varchar(36) PRIMARY KEY,
        user_name varchar(128) NOT NULL REFERENCES identity_users (name),
        name varchar(128) NOT NULL,
        secret_hash char(64) NOT NULL,
        created_at bigint NOT NULL,
        revoked_at bigint,
        last_used_at bigint,
        CONSTRAINT identity_tokens_hash_key UNIQUE (secret_hash)
      )`);
    await q.query(`
      CREATE TABLE identity_permissions (
        user_name varchar(128) NOT NULL REFERENCES identity_users (name),
        kind varchar(32) NOT NULL CHECK (kind IN ('experiment', 'registered_model')),
        resource_id varchar(512) NOT NULL,
        permission varchar(16) NOT NULL CHECK (permission IN ('READ', 'EDIT', 'MANAGE')),
        PRIMARY KEY (user_name, kind, resource_id)
      )`);
    await q.query(`
      CREATE TABLE identity_audit (
        id varchar(36) PRIMARY KEY,
        at bigint NOT NULL,
        actor varchar(128) NOT NULL,
        action varchar(64) NOT NULL,
        target varchar(512) NOT NULL,
        details jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX identity_audit_at_idx ON identity_audit (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['identity_audit', 'identity_permissions', 'identity_tokens', 'identity_users']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}

export const IDENTITY_MIGRATIONS = [
  InitIdentity1700000000000,
  TokenExpiryRateBuckets1765400000000,
  BatchResourceKinds1765500000000,
];
