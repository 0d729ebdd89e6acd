import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { databaseKindOf, openDataSource, redactUrl } from './data-source.factory';
import { testPostgresUrl } from './testing/test-database';

@Entity({ name: 'persistence_test_counter' })
class Counter {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'bigint' })
  value!: string;
}

class CreateCounter1700000000000 implements MigrationInterface {
  name = 'CreateCounter1700000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE IF NOT EXISTS persistence_test_counter (name text PRIMARY KEY, value bigint NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE persistence_test_counter');
  }
}

async function incrementConcurrently(ds: DataSource, name: string, times: number) {
  await ds.query('INSERT INTO persistence_test_counter (name, value) VALUES ($1, 0) ON CONFLICT DO NOTHING', [name]);
  await Promise.all(
    Array.from({ length: times }, () =>
      ds.transaction(async (em) => {
        const row = await em
          .createQueryBuilder(Counter, 'c')
          .setLock('pessimistic_write')
          .where('c.name = :name', { name })
          .getOneOrFail();
        await new Promise((r) => setImmediate(r));
        await em.update(Counter, { name }, { value: String(Number(row.value) + 1) });
      }),
    ),
  );
  return (await ds.getRepository(Counter).findOneByOrFail({ name })).value;
}

describe('openDataSource', () => {
  it('classifies database URLs and refuses unknown schemes', () => {
    expect(databaseKindOf('postgres://u@h/db')).toBe('postgres');
    expect(databaseKindOf('pglite:///tmp/x')).toBe('pglite');
    expect(() => databaseKindOf('mysql://x')).toThrow(/Unsupported database URL/);
    expect(redactUrl('postgres://user:secret@host/db')).toBe('postgres://user:***@host/db');
  });

  describe('embedded (PGlite)', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'llmops-pglite-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('migrates, keeps transactions isolated under concurrency, and persists across reopen', async () => {
      const spec = {
        url: `pglite://${dir}`,
        entities: [Counter],
        migrations: [CreateCounter1700000000000],
        migrationsTableName: 'persistence_test_migrations',
      };
      const ds = await openDataSource(spec);
      expect(await incrementConcurrently(ds, 'a', 20)).toBe('20');
      await ds.destroy();

      const reopened = await openDataSource(spec);
      expect((await reopened.getRepository(Counter).findOneByOrFail({ name: 'a' })).value).toBe('20');
      const applied = await reopened.query('SELECT name FROM persistence_test_migrations');
      expect(applied).toEqual([{ name: 'CreateCounter1700000000000' }]);
      await reopened.destroy();
    });
  });

  describe('PostgreSQL', () => {
    it('serialises concurrent transactions with SELECT ... FOR UPDATE', async () => {
      const ds = await openDataSource({
        url: testPostgresUrl(),
        entities: [Counter],
        migrations: [CreateCounter1700000000000],
        migrationsTableName: 'persistence_test_migrations',
      });
      try {
        const name = `c-${Date.now()}-${Math.random()}`;
        expect(await incrementConcurrently(ds, name, 20)).toBe('20');
      } finally {
        await ds.destroy();
      }
    });
  });
});
