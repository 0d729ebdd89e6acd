import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitRegistry1700000000000 implements MigrationInterface {
  name = 'InitRegistry1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_registered_models (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        description text NOT NULL DEFAULT '',
        user_id text NOT NULL,
        creation_timestamp bigint NOT NULL,
        last_updated_timestamp bigint NOT NULL,
        -- Highest version number ever allocated: numbers are never reused.
        last_version integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE registry_registered_model_tags (
        model_id uuid NOT NULL REFERENCES registry_registered_models(id) ON DELETE CASCADE,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (model_id, key)
      )`);
    await q.query(`
      CREATE TABLE registry_model_versions (
        model_id uuid NOT NULL REFERENCES registry_registered_models(id) ON DELETE CASCADE,
        version integer NOT NULL,
        creation_timestamp bigint NOT NULL,
        last_updated_timestamp bigint NOT NULL,
        user_id text NOT NULL,
        current_stage text NOT NULL DEFAULT 'None',
        description text NOT NULL DEFAULT '',
        source text NOT NULL,
        run_id text NOT NULL,
        storage_location text NOT NULL,
        status text NOT NULL DEFAULT 'READY',
        PRIMARY KEY (model_id, version),
        CHECK (current_stage IN ('None', 'Staging', 'Production', 'Archived'))
      )`);
    await q.query('CREATE INDEX registry_model_versions_run_id ON registry_model_versions (run_id)');
    await q.query(`
      CREATE TABLE registry_model_version_tags (
        model_id uuid NOT NULL,
        version integer NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (model_id, version, key),
        FOREIGN KEY (model_id, version) REFERENCES registry_model_versions(model_id, version) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE registry_model_aliases (
        model_id uuid NOT NULL,
        alias text NOT NULL,
        version integer NOT NULL,
        PRIMARY KEY (model_id, alias),
        FOREIGN KEY (model_id, version) REFERENCES registry_model_versions(model_id, version) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE registry_history (
        id bigserial PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES registry_registered_models(id) ON DELETE CASCADE,
        model_name text NOT NULL,
        version integer NOT NULL,
        action text NOT NULL,
        from_stage text,
        to_stage text,
        alias text,
        previous_version integer,
        user_id text NOT NULL,
        timestamp bigint NOT NULL,
        reason text,
        evaluation_run_id text,
        evaluation jsonb,
        override boolean NOT NULL DEFAULT false
      )`);
    await q.query('CREATE INDEX registry_history_model ON registry_history (model_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'registry_history',
      'registry_model_aliases',
      'registry_model_version_tags',
      'registry_model_versions',
      'registry_registered_model_tags',
      'registry_registered_models',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
