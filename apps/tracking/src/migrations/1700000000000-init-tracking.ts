import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tracking schema (MLflow's model, prefixed `tracking_`). The Default experiment "0" is created
 * here with an empty artifact location; the service fills it from ARTIFACT_ROOT at start-up, since
 * the root is configuration, not schema.
 */
export class InitTracking1700000000000 implements MigrationInterface {
  name = 'InitTracking1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE tracking_experiment_id_seq START WITH 1`);
    await q.query(`
      CREATE TABLE tracking_experiments (
        experiment_id bigint PRIMARY KEY,
        name varchar(500) NOT NULL,
        artifact_location text NOT NULL,
        lifecycle_stage varchar(20) NOT NULL DEFAULT 'active' CHECK (lifecycle_stage IN ('active', 'deleted')),
        creation_time bigint NOT NULL,
        last_update_time bigint NOT NULL,
        CONSTRAINT tracking_experiments_name_key UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE tracking_experiment_tags (
        experiment_id bigint NOT NULL REFERENCES tracking_experiments (experiment_id) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(8000) NOT NULL,
        PRIMARY KEY (experiment_id, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_runs (
        run_uuid varchar(32) PRIMARY KEY,
        experiment_id bigint NOT NULL REFERENCES tracking_experiments (experiment_id),
        name varchar(250) NOT NULL,
        user_id varchar(256) NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED')),
        start_time bigint NOT NULL,
        end_time bigint,
        artifact_uri text NOT NULL,
        lifecycle_stage varchar(20) NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted')),
        deleted_time bigint
      )`);
    await q.query(`CREATE INDEX tracking_runs_experiment_idx ON tracking_runs (experiment_id, start_time DESC)`);
    await q.query(`
      CREATE TABLE tracking_params (
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(6000) NOT NULL,
        PRIMARY KEY (run_uuid, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_tags (
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(8000) NOT NULL,
        PRIMARY KEY (run_uuid, key)
      )`);
    // Full history; an exact repeat of a logged value is ignored, as MLflow does.
    await q.query(`
      CREATE TABLE tracking_metrics (
        id bigserial PRIMARY KEY,
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value double precision NOT NULL,
        "timestamp" bigint NOT NULL,
        step bigint NOT NULL,
        CONSTRAINT tracking_metrics_entry_key UNIQUE (run_uuid, key, step, "timestamp", value)
      )`);
    // The value a run shows per key (max step, then timestamp, then value), kept on write so that
    // search can filter and order by metrics without scanning histories.
    await q.query(`
      CREATE TABLE tracking_latest_metrics (
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value double precision NOT NULL,
        "timestamp" bigint NOT NULL,
        step bigint NOT NULL,
        PRIMARY KEY (run_uuid, key)
      )`);
    await q.query(`CREATE INDEX tracking_latest_metrics_key_idx ON tracking_latest_metrics (key, value)`);
    await q.query(`
      CREATE TABLE tracking_datasets (
        dataset_uuid varchar(32) PRIMARY KEY,
        experiment_id bigint NOT NULL REFERENCES tracking_experiments (experiment_id),
        name varchar(500) NOT NULL,
        digest varchar(36) NOT NULL,
        source_type varchar(36) NOT NULL,
        source text NOT NULL,
        schema text,
        profile text,
        CONSTRAINT tracking_datasets_identity_key UNIQUE (experiment_id, name, digest)
      )`);
    await q.query(`
      CREATE TABLE tracking_run_inputs (
        id bigserial PRIMARY KEY,
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        dataset_uuid varchar(32) NOT NULL REFERENCES tracking_datasets (dataset_uuid),
        CONSTRAINT tracking_run_inputs_key UNIQUE (run_uuid, dataset_uuid)
      )`);
    await q.query(`
      CREATE TABLE tracking_run_input_tags (
        input_id bigint NOT NULL REFERENCES tracking_run_inputs (id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        value varchar(500) NOT NULL,
        PRIMARY KEY (input_id, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_predictions (
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        row_index integer NOT NULL,
        inputs jsonb NOT NULL,
        outputs jsonb NOT NULL,
        latency_ms double precision,
        extra jsonb,
        "timestamp" bigint NOT NULL,
        PRIMARY KEY (run_uuid, row_index)
      )`);
    await q.query(
      `INSERT INTO tracking_experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
       VALUES (0, 'Default', '', 'active', $1, $1)`,
      [Date.now()],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'tracking_predictions',
      'tracking_run_input_tags',
      'tracking_run_inputs',
      'tracking_datasets',
      'tracking_latest_metrics',
      'tracking_metrics',
      'tracking_tags',
      'tracking_params',
      'tracking_runs',
      'tracking_experiment_tags',
      'tracking_experiments',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE tracking_experiment_id_seq`);
  }
}

export const TRACKING_MIGRATIONS = [InitTracking1700000000000];
