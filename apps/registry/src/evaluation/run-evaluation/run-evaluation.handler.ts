import { basename } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  EVALUATION_RUN_KIND,
  EVALUATION_TAGS,
  evaluationExperimentName,
  EvaluationMetricsView,
  InvalidParameterError,
  LlmopsError,
  ResourceNotFoundError,
  TRACKING_LIMITS,
} from '@llmops/contract';
import { datasetDigest, DatasetRow } from '@llmops/pipeline';
import { GateStore } from '../../gate/ports/gate-store.port';
import { Clock } from '../../ports/clock.port';
import { RegistryStore } from '../../ports/registry.store';
import { ArticleOutcome, EvaluationRow, scoreEvaluation } from '../domain/evaluation-table';
import { EvaluationConfig } from '../evaluation.options';
import { EvaluationDatasets, EvaluationSummarizer, EvaluationTracking } from '../ports/evaluation.ports';

export interface RunEvaluationCommand {
  name: string;
  version: number;
  datasetPath: string;
  limit?: number;
  chunkSize?: number;
  userId: string;
}

export interface RunEvaluationResult {
  runId: string;
  experimentId: string;
  modelUri: string;
  datasetDigest: string;
  metrics: EvaluationMetricsView;
}

/** Errors that mean "inference is not there": the evaluation stops rather than record a bogus run. */
const FATAL: readonly string[] = [ErrorCode.TEMPORARILY_UNAVAILABLE];

/**
 * Staging evaluation of one model version: summarize a held-out set through the inference service
 * in chunks, score each article against its reference, and log it all as an evaluation run in
 * tracking (experiment `<name>-evaluation`). Invalid input is refused before anything is created.
 */
@Injectable()
export class RunEvaluationHandler {
  constructor(
    private readonly store: RegistryStore,
    private readonly datasets: EvaluationDatasets,
    private readonly summarizer: EvaluationSummarizer,
    private readonly tracking: EvaluationTracking,
    @Inject(EvaluationConfig) private readonly config: EvaluationConfig,
    private readonly records: GateStore,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: RunEvaluationCommand): Promise<RunEvaluationResult> {
    const version = await this.store.findVersion(cmd.name, cmd.version);
    if (!version) {
      if (!(await this.store.findModel(cmd.name)))
        throw new ResourceNotFoundError(`Registered model '${cmd.name}' not found`);
      throw new ResourceNotFoundError(`Model version '${cmd.name}' version ${cmd.version} not found`);
    }
    const modelUri = `models:/${version.name}/${version.version}`;
    const all = await this.datasets.read(cmd.datasetPath);
    const rows = cmd.limit === undefined ? all : all.slice(0, cmd.limit);
    const references = checkHeldOut(rows, cmd.datasetPath);
    const digest = datasetDigest(rows);
    const chunkSize = cmd.chunkSize ?? this.config.EVALUATION_CHUNK_SIZE;

    const experimentId = await this.tracking.ensureExperiment(evaluationExperimentName(version.name));
    const runId = await this.tracking.createRun(experimentId, `${version.name}-v${version.version}-evaluation`, {
      [EVALUATION_TAGS.kind]: EVALUATION_RUN_KIND,
      [EVALUATION_TAGS.modelName]: version.name,
      [EVALUATION_TAGS.modelVersion]: String(version.version),
      [EVALUATION_TAGS.modelUri]: modelUri,
      [EVALUATION_TAGS.datasetDigest]: digest,
      [EVALUATION_TAGS.datasetPath]: cmd.datasetPath,
      'mlflow.user': cmd.userId,
    });
    try {
      await this.tracking.logParams(runId, {
        model_uri: modelUri,
        dataset_path: cmd.datasetPath,
        dataset_digest: digest,
        articles: String(rows.length),
        chunk_size: String(chunkSize),
      });
      await this.tracking.logDataset(runId, {
        name: basename(cmd.datasetPath.replace(/^file:\/\//, '')),
        digest,
        source: cmd.datasetPath,
        rows: rows.length,
      });
      const outcomes = await this.summarizeAll(modelUri, rows, references, chunkSize);
      const { rows: table, metrics } = scoreEvaluation(outcomes);
      await this.logTable(runId, table);
      const measured = {
        rouge1: metrics.rouge1,
        rouge2: metrics.rouge2,
        rougeL: metrics.rougeL,
        rougeLsum: metrics.rougeLsum,
        latency_p50_ms: metrics.latency_p50_ms ?? NaN,
        latency_p95_ms: metrics.latency_p95_ms ?? NaN,
        failure_rate: metrics.failure_rate,
        articles: metrics.articles,
      };
      await this.tracking.logMetrics(runId, measured);
      await this.tracking.finishRun(runId, 'FINISHED');
      // The gate's evidence: this service's own record of what it measured (tags on the run are
      // only for people and MLflow clients to read).
      await this.records.recordEvaluation({
        runId,
        name: version.name,
        version: version.version,
        datasetDigest: digest,
        metrics: measured,
        userId: cmd.userId,
        recordedAt: this.clock.now(),
      });
      return { runId, experimentId, modelUri, datasetDigest: digest, metrics };
    } catch (error) {
      await this.tracking.finishRun(runId, 'FAILED').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Chunks go out a few at a time, so that several inference replicas share one evaluation;
   * outcomes keep the dataset's order. The first fatal error stops the others from starting.
   */
  private async summarizeAll(
    modelUri: string,
    rows: readonly DatasetRow[],
    references: string[],
    chunkSize: number,
  ): Promise<ArticleOutcome[]> {
    const starts: number[] = [];
    for (let start = 0; start < rows.length; start += chunkSize) starts.push(start);
    const outcomes: ArticleOutcome[] = new Array(rows.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < starts.length) {
        const start = starts[next++];
        const chunk = rows.slice(start, start + chunkSize);
        try {
          const results = await this.summarizeChunk(modelUri, chunk);
          chunk.forEach((row, i) => {
            outcomes[start + i] = { ...results[i], id: row.id, article: row.article, reference: references[start + i] };
          });
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const workers = Math.max(1, Math.min(this.config.EVALUATION_CONCURRENCY, starts.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return outcomes;
  }

  /** A failing chunk is retried article by article, so one bad article fails alone. */
  private async summarizeChunk(
    modelUri: string,
    chunk: readonly DatasetRow[],
  ): Promise<Array<Pick<ArticleOutcome, 'prediction' | 'latencyMs' | 'error'>>> {
    try {
      const summaries = await this.summarizer.summarize(
        modelUri,
        chunk.map((r) => r.article),
      );
      return summaries.map((s) => ({ prediction: s.summary, latencyMs: s.latencyMs, error: null }));
    } catch (error) {
      if (isFatal(error)) throw error;
      if (chunk.length === 1) return [{ prediction: null, latencyMs: null, error: messageOf(error) }];
      const out = [];
      for (const row of chunk) out.push(...(await this.summarizeChunk(modelUri, [row])));
      return out;
    }
  }

  private async logTable(runId: string, table: EvaluationRow[]): Promise<void> {
    const rows = table.map((r) => ({
      inputs: { id: r.id, article: r.article },
      outputs: { summary: r.prediction },
      latencyMs: r.latencyMs,
      extra: { reference: r.reference, ...r.scores, ...(r.error === null ? {} : { error: r.error }) },
    }));
    for (const batch of predictionBatches(rows)) await this.tracking.logPredictions(runId, batch);
  }
}

/** A NATS message is at most 1 MB by default: batches stay well under it, and under tracking's row limit. */
const MAX_BATCH_BYTES = 256 * 1024;

export function predictionBatches<T>(rows: readonly T[], maxBytes = MAX_BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length > 0 && (bytes + size > maxBytes || current.length >= TRACKING_LIMITS.maxPredictionsPerLog)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Every row needs an article and a reference to be scored; refuses naming the first offenders. */
function checkHeldOut(rows: readonly DatasetRow[], source: string): string[] {
  if (rows.length === 0) throw new InvalidParameterError(`Evaluation set ${source} has no articles`);
  const noReference = rows.filter((r) => typeof r.reference !== 'string' || r.reference.trim() === '').map((r) => r.id);
  if (noReference.length > 0) {
    throw new InvalidParameterError(
      `Evaluation set ${source}: ${noReference.length} of ${rows.length} articles have no reference summary ` +
        `(ids ${noReference.slice(0, 5).join(', ')}${noReference.length > 5 ? ', ...' : ''})`,
    );
  }
  const blank = rows.filter((r) => r.article.trim() === '').map((r) => r.id);
  if (blank.length > 0) {
    throw new InvalidParameterError(
      `Evaluation set ${source}: blank article text (ids ${blank.slice(0, 5).join(', ')})`,
    );
  }
  return rows.map((r) => r.reference as string);
}

function isFatal(error: unknown): boolean {
  return error instanceof LlmopsError && FATAL.includes(error.code);
}

function messageOf(error: unknown): string {
  return error instanceof LlmopsError ? `${error.code}: ${error.message}` : 'summarization failed';
}
