import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MLflow 3's logged models (MLflow's `logged_models`, `logged_model_params`, `logged_model_tags`)
 * and the runs' model outputs (`run.outputs.model_outputs`).
 */
export class LoggedModels1765300000000 implements MigrationInterface {
  name = 'LoggedModels1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracking_logged_models (
        model_id varchar(34) PRIMARY KEY,
        experiment_id bigint NOT NULL REFERENCES tracking_experiments (experiment_id),
        name varchar(500) NOT NULL,
        artifact_location text NOT NULL,
        creation_timestamp_ms bigint NOT NULL,
        last_updated_timestamp_ms bigint NOT NULL,
        status varchar(20) NOT NULL CHECK (status IN ('PENDING', 'READY', 'FAILED')),
        status_message text,
        model_type varchar(500),
        source_run_id varchar(32),
        lifecycle_stage varchar(20) NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted'))
      )`);
    await q.query(
      `CREATE INDEX tracking_logged_models_experiment_idx ON tracking_logged_models (experiment_id, creation_timestamp_ms DESC)`,
    );
    await q.query(`CREATE INDEX tracking_logged_models_source_run_idx ON tracking_logged_models (source_run_id, name)`);
    await q.query(`
      CREATE TABLE tracking_logged_model_params (
        model_id varchar(34) NOT NULL REFERENCES tracking_logged_models (model_id) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(6000) NOT NULL,
        PRIMARY KEY (model_id, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_logged_model_tags (
        model_id varchar(34) NOT NULL REFERENCES tracking_logged_models (model_id) ON DELETE CASCADE,
        key varchar(250) NOT NULL,
        value varchar(8000) NOT NULL,
        PRIMARY KEY (model_id, key)
      )`);
    await q.query(`
      CREATE TABLE tracking_run_model_outputs (
        run_uuid varchar(32) NOT NULL REFERENCES tracking_runs (run_uuid) ON DELETE CASCADE,
        model_id varchar(34) NOT NULL REFERENCES tracking_logged_models (model_id) ON DELETE CASCADE,
        step bigint NOT NULL,
        PRIMARY KEY (run_uuid, model_id, step)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'tracking_run_model_outputs',
      'tracking_logged_model_tags',
      'tracking_logged_model_params',
      'tracking_logged_models',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
