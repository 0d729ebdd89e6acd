/** One logged query and its result (a row of the run's predictions table). */
export interface PredictionRecord {
  articleId: string;
  article: string;
  /** Null when the summarizer failed on this article (see `error`). */
  summary: string | null;
  reference?: string | null;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  truncated: boolean;
  error?: string;
}

/** A package logged in a run, recorded as an MLflow 3 logged model of that run. */
export interface LoggedModelSpec {
  name: string;
  /** Where the package is in the run's artifacts (its files stay there). */
  artifactPath: string;
  modelType: string;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * What logging a pipeline needs from a tracking backend. The library depends on no service: the
 * inference/CLI side implements this port over its tracking client.
 */
export abstract class TrackingSink {
  /** Uploads every file under `localDir` as run artifacts under `artifactPath` (keeping sub-paths). */
  abstract uploadArtifacts(runId: string, localDir: string, artifactPath: string): Promise<void>;
  /** The run's tag value, or undefined when it is not set. */
  abstract getTag(runId: string, key: string): Promise<string | undefined>;
  abstract setTag(runId: string, key: string, value: string): Promise<void>;
  abstract logParams(runId: string, params: Record<string, string>): Promise<void>;
  abstract logMetrics(runId: string, metrics: Record<string, number>, step?: number): Promise<void>;
  abstract logPredictions(runId: string, rows: PredictionRecord[]): Promise<void>;
  /** MLflow 3: a PENDING logged model whose files are (to be) the run's `artifactPath`; its id. */
  abstract createLoggedModel(runId: string, model: LoggedModelSpec): Promise<string>;
  /** READY once the files are uploaded, FAILED when they could not be. */
  abstract finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<void>;
}
