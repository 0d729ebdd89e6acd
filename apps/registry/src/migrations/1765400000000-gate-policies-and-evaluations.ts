import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The promotion gate's own records: a policy per registered model, and every evaluation the
 * evaluation service finished (its metrics as it computed them). The gate reads only these, never
 * tags a user could write on a run. Evaluations recorded before this migration were tags only and
 * are not trusted: evaluate again to promote.
 */
export class GatePoliciesAndEvaluations1765400000000 implements MigrationInterface {
  name = 'GatePoliciesAndEvaluations1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registry_gate_policies (
        model_id uuid PRIMARY KEY REFERENCES registry_registered_models(id) ON DELETE CASCADE,
        policy jsonb NOT NULL,
        user_id text NOT NULL,
        updated_at bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE registry_evaluations (
        run_id text PRIMARY KEY,
        model_id uuid NOT NULL,
        version integer NOT NULL,
        dataset_digest text NOT NULL,
        metrics jsonb NOT NULL,
        user_id text NOT NULL,
        recorded_at bigint NOT NULL,
        FOREIGN KEY (model_id, version) REFERENCES registry_model_versions(model_id, version) ON DELETE CASCADE
      )`);
    await q.query(
      'CREATE INDEX registry_evaluations_version ON registry_evaluations (model_id, version, recorded_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE registry_evaluations');
    await q.query('DROP TABLE registry_gate_policies');
  }
}
