/**
 * A model URI resolved to where its package lives. `name`/`version` only for `models:/` URIs;
 * `runId` is '' for the built-in extractive baseline (it has no run).
 */
export interface ResolvedModelLocation {
  /** The URI as the cache keys it (canonical spelling, e.g. stage names as MLflow writes them). */
  modelUri: string;
  name?: string;
  version?: number;
  runId: string;
  /** Artifact URI of the package directory (`file:///...`), or `builtin:extractive`. */
  storageLocation: string;
}

/** Storage location of the built-in extractive baseline (no package, no files). */
export const BUILTIN_EXTRACTIVE_LOCATION = 'builtin:extractive';
