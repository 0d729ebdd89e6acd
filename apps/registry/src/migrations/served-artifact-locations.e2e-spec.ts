import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataSource } from '@llmops/persistence';
import { REGISTRY_ENTITIES } from '../infra/registry.entities';
import { InitRegistry1700000000000 } from './1700000000000-init-registry';
import { ServedArtifactLocations1765300000001 } from './1765300000001-served-artifact-locations';

/**
 * Versions registered before served artifacts (a data directory of an earlier walkthrough) keep
 * working: their `file://` locations in the store's default layout become the served locations the
 * proxy resolves; any other location is kept as it was. Run on PGlite (one set of migrations serves
 * PostgreSQL too).
 */
describe('registry migration: served artifact locations', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-registry-migration-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites file:// locations of the default layout and leaves the rest', async () => {
    const url = `pglite://${join(dir, 'db')}`;
    const spec = { url, entities: REGISTRY_ENTITIES, migrationsTableName: 'registry_migrations' };
    const run = 'a'.repeat(32);
    const before = await openDataSource({ ...spec, migrations: [InitRegistry1700000000000] });
    try {
      await before.query(
        `INSERT INTO registry_registered_models (id, name, user_id, creation_timestamp, last_updated_timestamp, last_version)
         VALUES ('00000000-0000-0000-0000-000000000001', 'm', 'u', 1, 1, 3)`,
      );
      const insert = (version: number, runId: string, location: string) =>
        before.query(
          `INSERT INTO registry_model_versions (model_id, version, creation_timestamp, last_updated_timestamp, user_id, source, run_id, storage_location)
           VALUES ('00000000-0000-0000-0000-000000000001', $1, 1, 1, 'u', 'runs:/x/model', $2, $3)`,
          [version, runId, location],
        );
      await insert(1, run, `file:///old/data/artifacts/7/${run}/artifacts/model`);
      await insert(2, run, `file:///old/data/artifacts/7/${run}/artifacts`);
      await insert(3, run, `file:///old/data/artifacts/custom/${run}/artifacts/model`);
    } finally {
      await before.destroy();
    }
    const after = await openDataSource({
      ...spec,
      migrations: [InitRegistry1700000000000, ServedArtifactLocations1765300000001],
    });
    try {
      const rows: Array<{ version: number; storage_location: string; logged_model_id: string | null }> =
        await after.query(
          `SELECT version, storage_location, logged_model_id FROM registry_model_versions ORDER BY version`,
        );
      expect(rows).toEqual([
        { version: 1, storage_location: `mlflow-artifacts:/7/${run}/artifacts/model`, logged_model_id: null },
        { version: 2, storage_location: `mlflow-artifacts:/7/${run}/artifacts`, logged_model_id: null },
        {
          version: 3,
          storage_location: `file:///old/data/artifacts/custom/${run}/artifacts/model`,
          logged_model_id: null,
        },
      ]);
    } finally {
      await after.destroy();
    }
  }, 120_000);
});
