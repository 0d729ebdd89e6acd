import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Served artifacts: versions record the proxy's location of their package (`mlflow-artifacts:/...`,
 * what MLflow clients download) and, for MLflow 3 logged models, the model's id. Versions registered
 * before record a `file://` location of the artifact store; those of the store's default layout
 * (`.../<experiment_id>/<run_id>/artifacts/...`) are rewritten to the served location the proxy
 * resolves. Any other `file://` location is left as it is and still loads on the platform.
 */
export class ServedArtifactLocations1765300000001 implements MigrationInterface {
  name = 'ServedArtifactLocations1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registry_model_versions ADD COLUMN logged_model_id text`);
    await q.query(`
      UPDATE registry_model_versions
         SET storage_location = 'mlflow-artifacts:/' || substring(storage_location FROM '/([0-9]+/' || run_id || '/artifacts(/.*)?)$')
       WHERE storage_location LIKE 'file://%'
         AND run_id ~ '^[0-9a-f]{32}$'
         AND storage_location ~ ('/[0-9]+/' || run_id || '/artifacts(/.*)?$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registry_model_versions DROP COLUMN logged_model_id`);
  }
}
