import { InternalError } from '@llmops/contract';
import { DatasetRow } from '../dataset/dataset';
import { CorpusRouge } from '../rouge/rouge';
import { LatencySummary } from '../stats/percentiles';
import { SummarizeOverrides, Summarizer } from '../summarizer/summarizer';
import { PredictionRecord, TrackingSink } from './tracking-sink';

export interface RunPipelineOptions {
  /** Articles per `summarize` call (default 1: batching buys little on CPU). */
  batchSize?: number;
  /** Dataset name logged as a param. */
  datasetName?: string;
  /** Called after each batch (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface DatasetRunReport {
  predictions: PredictionRecord[];
  params: Record<string, string>;
  metrics: Record<string, number>;
  latency: LatencySummary;
  failures: number;
  /** ROUGE over the rows that have a reference (absent when none has). */
  rouge?: CorpusRouge;
}

/**
 * Summarizes every row, logs each query/result to the run's predictions, and logs params (model,
 * flavor, settings, dataset digest) and metrics (latency p50/p95, tokens/s, failures, ROUGE when
 * references exist). A failing article is recorded as a failure, not thrown.
 */
export async function runPipelineOnDataset(
  _sink: TrackingSink,
  _runId: string,
  _summarizer: Summarizer,
  _rows: readonly DatasetRow[],
  _settings?: SummarizeOverrides,
  _options: RunPipelineOptions = {},
): Promise<DatasetRunReport> {
  throw new InternalError('runPipelineOnDataset: not implemented yet');
}
