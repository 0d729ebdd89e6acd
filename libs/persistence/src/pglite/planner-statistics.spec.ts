import { openDataSource } from '../data-source.factory';
import { analyzeGrownTables } from './planner-statistics';

describe('analyzeGrownTables (PGlite has no autovacuum)', () => {
  it('analyzes a table once it has grown, and not again until it grows by 10% more', async () => {
    const ds = await openDataSource({
      url: 'pglite://memory',
      entities: [],
      migrations: [],
      migrationsTableName: 'stats_test_migrations',
    });
    try {
      await ds.query('CREATE TABLE grown (id int PRIMARY KEY, v text)');
      await ds.query(`INSERT INTO grown SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g`);
      const estimate = async () =>
        Number((await ds.query(`SELECT reltuples FROM pg_class WHERE relname = 'grown'`))[0].reltuples);
      // Never analyzed: the planner knows nothing of its 5,000 rows.
      expect(await estimate()).toBeLessThan(0);
      expect(await analyzeGrownTables(ds)).toContain('grown');
      expect(await estimate()).toBe(5000);
      expect(await analyzeGrownTables(ds)).not.toContain('grown');
      await ds.query(`INSERT INTO grown SELECT g, repeat('x', 100) FROM generate_series(5001, 6000) g`);
      expect(await analyzeGrownTables(ds)).toContain('grown');
      expect(await estimate()).toBe(6000);
    } finally {
      await ds.destroy();
    }
  });
});
