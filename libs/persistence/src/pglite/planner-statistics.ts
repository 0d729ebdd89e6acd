import { DataSource } from 'typeorm';

/** How often an embedded database looks for tables that grew since their last ANALYZE. */
export const STATISTICS_CHECK_MS = 30_000;

/**
 * Tables of the public schema whose size grew by more than 10% (and 8 pages, 64 KB) since the
 * planner's statistics were taken (`relpages`, set by ANALYZE), or that were never analyzed. Size,
 * not rows changed: PGlite keeps no counts of modified rows (its `pg_stat_user_tables` stays at 0).
 */
const STALE_TABLES = `
  SELECT c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname = 'public'
    AND pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.1 + 8`;

/**
 * What PostgreSQL's autovacuum does for the planner, for PGlite, which runs none: ANALYZE of the
 * tables that grew (as autovacuum's "10% changed" rule would), so that a freshly loaded table is
 * not planned as an empty one (a nested loop probing every run instead of a hash join). Returns
 * the tables analyzed.
 */
export async function analyzeGrownTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(STALE_TABLES);
  for (const { name } of rows) await dataSource.query(`ANALYZE "${name.replace(/"/g, '""')}"`);
  return rows.map((r) => r.name);
}

/** Checks every `everyMs` while the data source is open; stops when it is destroyed. */
export function keepPlannerStatistics(dataSource: DataSource, everyMs = STATISTICS_CHECK_MS): void {
  let running = false;
  const timer = setInterval(() => {
    if (running || !dataSource.isInitialized) return;
    running = true;
    // A failure (the database closing under it) is retried at the next check; nothing depends on it.
    analyzeGrownTables(dataSource)
      .catch(() => undefined)
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    clearInterval(timer);
    return destroy();
  };
}
