export * from './data-source.factory';
export { createPGlitePoolClass } from './pglite/pglite-pool';
export { analyzeGrownTables, keepPlannerStatistics, STATISTICS_CHECK_MS } from './pglite/planner-statistics';
