/** An evaluation run as the gate reads it back from tracking. */
export interface EvaluationEvidence {
  runId: string;
  status: string;
  /** From the run's evaluation tags; null when the run has none (not an evaluation run). */
  modelName: string | null;
  modelVersion: string | null;
  datasetDigest: string | null;
  /** Latest value of each metric (NaN for 'NaN'). */
  metrics: Record<string, number>;
  startTime: number;
}

/**
 * Where the gate finds evaluation runs (tracking, over the bus). Errors other than "not found"
 * propagate (tracking unreachable is TEMPORARILY_UNAVAILABLE, and the promotion does not happen).
 */
export abstract class EvaluationRuns {
  /** The run, or null when tracking does not know it. */
  abstract get(runId: string): Promise<EvaluationEvidence | null>;
  /**
   * The latest FINISHED evaluation run of `models:/<name>/<version>`, preferring one on the dataset
   * with `preferDigest` (a comparison on the same data); null when the version was never evaluated.
   */
  abstract latestFor(name: string, version: number, preferDigest: string | null): Promise<EvaluationEvidence | null>;
}
