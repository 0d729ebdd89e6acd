import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { InvalidParameterError } from '@llmops/contract';
import { createPGlitePoolClass } from './pglite/pglite-pool';
import { keepPlannerStatistics } from './pglite/planner-statistics';

export interface DataSourceSpec {
  /** `postgres://user@host:5432/db` for services mode; `pglite:///abs/dir` or `pglite://memory` embedded. */
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** One migrations table per service, so services can share a database without clashing. */
  migrationsTableName: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export type DatabaseKind = 'postgres' | 'pglite';

export function databaseKindOf(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('pglite://')) return 'pglite';
  throw new InvalidParameterError(
    `Unsupported database URL '${redactUrl(url)}': use postgres://... (services) or pglite:///<dir> / pglite://memory (embedded)`,
  );
}

/** The PGlite data directory of a `pglite://` URL, created if missing. */
export function pgliteDirOf(url: string): string {
  const rest = url.slice('pglite://'.length);
  if (rest === 'memory' || rest === '') return 'memory';
  const dir = resolve(rest);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function dataSourceOptions(spec: DataSourceSpec): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: spec.entities,
    migrations: spec.migrations,
    migrationsTableName: spec.migrationsTableName,
    // Schema changes go through migrations only; see runMigrations().
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as exceptions, mapped to stable codes by each service (a unique
    // violation is RESOURCE_ALREADY_EXISTS, not a log line).
    logging: false,
  };
  if (databaseKindOf(spec.url) === 'postgres') {
    return { ...common, url: spec.url, extra: { max: spec.poolSize ?? 10 } };
  }
  const Pool = createPGlitePoolClass(pgliteDirOf(spec.url));
  return { ...common, driver: { Pool }, database: 'postgres', extra: { max: 1 } } as DataSourceOptions;
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that replicas starting together
 * do not race to apply the same migration.
 */
export async function runMigrations(dataSource: DataSource, lockName: string): Promise<void> {
  // The embedded database has one connection, already exclusive; a second lock would deadlock.
  if ((dataSource.options as { driver?: unknown }).driver) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const key = advisoryKey(lockName);
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}

/** Creates, initialises and migrates a DataSource. */
export async function openDataSource(spec: DataSourceSpec): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(spec));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(`Cannot open database ${redactUrl(spec.url)}: ${(error as Error).message}`, { cause: error });
  }
  await runMigrations(dataSource, spec.migrationsTableName);
  // PostgreSQL's autovacuum analyzes; PGlite has none.
  if (databaseKindOf(spec.url) === 'pglite') keepPlannerStatistics(dataSource);
  return dataSource;
}

function advisoryKey(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return hash;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
