import { InvalidParameterError, LlmopsError } from '@llmops/contract';
import { DatasetRow, datasetDigest } from '../dataset/dataset';
import { CorpusRouge, corpusRouge } from '../rouge/rouge';
import { LatencySummary, summarizeLatencies } from '../stats/percentiles';
import { resolveSettings } from '../summarizer/settings';
import { SummarizeOverrides, Summarizer } from '../summarizer/summarizer';
import { PredictionRecord, TrackingSink } from './tracking-sink';

export interface RunPipelineOptions {
  /** Articles per `summarize` call (default 1: batching buys little on CPU, and a failure stays one row). */
  batchSize?: number;
  /** Dataset name logged as a param. */
  datasetName?: string;
  /** Predictions are sent to the sink in chunks of this many rows (default 50). */
  logChunkSize?: number;
  /** Called after each batch (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface DatasetRunReport {
  predictions: PredictionRecord[];
  params: Record<string, string>;
  metrics: Record<string, number>;
  latency: LatencySummary;
  failures: number;
  /** ROUGE over the rows that have a reference and a summary (absent when there are none). */
  rouge?: CorpusRouge;
}

/**
 * Summarizes every row, logs each query/result to the run's predictions, and logs params (model,
 * flavor, effective generation settings, dataset digest) and metrics (latency p50/p95, tokens/s,
 * failures, ROUGE when references exist). A failing article is recorded as a failure, not thrown.
 * Params are logged before any work, so a run that dies midway still says what it was running.
 */
export async function runPipelineOnDataset(
  sink: TrackingSink,
  runId: string,
  summarizer: Summarizer,
  rows: readonly DatasetRow[],
  settings: SummarizeOverrides = {},
  options: RunPipelineOptions = {},
): Promise<DatasetRunReport> {
  const batchSize = options.batchSize ?? 1;
  const chunk = options.logChunkSize ?? 50;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidParameterError('batchSize must be >= 1');
  const description = summarizer.describe();
  const effective = resolveSettings(summarizer.paramSchema(), description.settings, settings);

  const params: Record<string, string> = {
    flavor: description.flavor,
    model_id: description.modelId,
    dataset_digest: datasetDigest(rows),
    dataset_rows: String(rows.length),
    ...(options.datasetName ? { dataset_name: options.datasetName } : {}),
  };
  for (const [name, value] of Object.entries(effective)) params[name] = String(value);
  await sink.logParams(runId, params);

  const predictions: PredictionRecord[] = [];
  let unsent: PredictionRecord[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    let records: PredictionRecord[];
    try {
      const results = await summarizer.summarize(
        batch.map((r) => r.article),
        settings,
      );
      records = batch.map((row, i) => ({
        articleId: row.id,
        article: row.article,
        summary: results[i].summary,
        reference: row.reference ?? null,
        latencyMs: results[i].latencyMs,
        tokensIn: results[i].tokensIn,
        tokensOut: results[i].tokensOut,
        truncated: results[i].truncated,
      }));
    } catch (error) {
      // Bad settings are the caller's mistake, not an article's: stop.
      if (error instanceof InvalidParameterError) throw error;
      const message =
        error instanceof LlmopsError ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
      records = batch.map((row) => ({
        articleId: row.id,
        article: row.article,
        summary: null,
        reference: row.reference ?? null,
        latencyMs: 0,
        tokensIn: 0,
        tokensOut: 0,
        truncated: false,
        error: message,
      }));
    }
    predictions.push(...records);
    unsent.push(...records);
    if (unsent.length >= chunk) {
      await sink.logPredictions(runId, unsent);
      unsent = [];
    }
    options.onProgress?.(Math.min(start + batchSize, rows.length), rows.length);
  }
  if (unsent.length > 0) await sink.logPredictions(runId, unsent);

  const succeeded = predictions.filter((p) => p.summary !== null);
  const failures = predictions.length - succeeded.length;
  const latency = summarizeLatencies(succeeded.map((p) => p.latencyMs));
  const totalMs = succeeded.reduce((a, p) => a + p.latencyMs, 0);
  const tokensOut = succeeded.reduce((a, p) => a + p.tokensOut, 0);
  const metrics: Record<string, number> = {
    rows: predictions.length,
    failures,
    failure_rate: predictions.length ? failures / predictions.length : 0,
    truncated: succeeded.filter((p) => p.truncated).length,
    tokens_in_total: succeeded.reduce((a, p) => a + p.tokensIn, 0),
    tokens_out_total: tokensOut,
    tokens_per_second: totalMs > 0 ? tokensOut / (totalMs / 1000) : 0,
  };
  if (succeeded.length > 0) {
    metrics.latency_p50_ms = latency.p50;
    metrics.latency_p95_ms = latency.p95;
    metrics.latency_mean_ms = latency.mean;
    metrics.latency_max_ms = latency.max;
  }
  const scored = succeeded.filter((p) => typeof p.reference === 'string' && p.reference.trim() !== '');
  let rouge: CorpusRouge | undefined;
  if (scored.length > 0) {
    rouge = corpusRouge(
      scored.map((p) => ({ prediction: p.summary as string, reference: p.reference as string })),
      { splitSummaries: true },
    );
    Object.assign(metrics, {
      rouge1: rouge.rouge1,
      rouge2: rouge.rouge2,
      rougeL: rouge.rougeL,
      rougeLsum: rouge.rougeLsum,
      rouge_rows: rouge.count,
    });
  }
  await sink.logMetrics(runId, metrics);
  return { predictions, params, metrics, latency, failures, rouge };
}
