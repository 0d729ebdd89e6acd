import { DatasetRow } from '@llmops/pipeline';

/** Reads a held-out set of `{id, article, reference}` rows from a path or file:// URI. */
export abstract class EvaluationDatasets {
  abstract read(location: string): Promise<DatasetRow[]>;
}

export interface ArticleSummary {
  summary: string;
  latencyMs: number;
}

/**
 * Summarizes through the inference service. Throws the service's named error when the call fails
 * (the handler decides whether it is one article's failure or the whole evaluation's).
 */
export abstract class EvaluationSummarizer {
  /** One summary per article, in order. */
  abstract summarize(modelUri: string, articles: string[]): Promise<ArticleSummary[]>;
}

export interface EvaluationPredictionRow {
  inputs: { id: string; article: string };
  outputs: { summary: string | null };
  latencyMs: number | null;
  extra: Record<string, unknown>;
}

/** What the evaluation writes to tracking (over the bus). */
export abstract class EvaluationTracking {
  /** The experiment's id, creating it when missing. */
  abstract ensureExperiment(name: string): Promise<string>;
  abstract createRun(experimentId: string, runName: string, tags: Record<string, string>): Promise<string>;
  abstract logParams(runId: string, params: Record<string, string>): Promise<void>;
  /** Values may be NaN (logged as MLflow writes it). */
  abstract logMetrics(runId: string, metrics: Record<string, number>): Promise<void>;
  abstract logDataset(
    runId: string,
    dataset: { name: string; digest: string; source: string; rows: number },
  ): Promise<void>;
  abstract logPredictions(runId: string, rows: EvaluationPredictionRow[]): Promise<void>;
  abstract finishRun(runId: string, status: 'FINISHED' | 'FAILED'): Promise<void>;
}
