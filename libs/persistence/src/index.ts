export * from './data-source.factory';
export { createPGlitePoolClass } from './pglite/pglite-pool';
