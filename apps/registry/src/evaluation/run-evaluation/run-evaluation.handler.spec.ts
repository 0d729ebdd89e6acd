import {
  ErrorCode,
  EVALUATION_TAGS,
  InvalidParameterError,
  ModelLoadError,
  ServiceUnavailableError,
} from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { DatasetRow } from '@llmops/pipeline';
import { ModelVersion, RegisteredModel } from '../../domain/registry.model';
import { RegistryStore } from '../../ports/registry.store';
import { InMemoryGateStore, ManualClock } from '../../testing/registry-fakes';
import { EvaluationConfig } from '../evaluation.options';
import {
  ArticleSummary,
  EvaluationDatasets,
  EvaluationPredictionRow,
  EvaluationSummarizer,
  EvaluationTracking,
} from '../ports/evaluation.ports';
import { predictionBatches, RunEvaluationHandler } from './run-evaluation.handler';

class FakeDatasets extends EvaluationDatasets {
  constructor(public rows: DatasetRow[]) {
    super();
  }
  async read(): Promise<DatasetRow[]> {
    return this.rows;
  }
}

/** Echoes the first sentence of each article; fails articles containing "FAIL", and chunks holding one. */
class FakeSummarizer extends EvaluationSummarizer {
  calls: string[][] = [];
  down = false;
  async summarize(_uri: string, articles: string[]): Promise<ArticleSummary[]> {
    this.calls.push(articles);
    // Later chunks answer sooner, so concurrent chunks complete out of order.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 20 - this.calls.length * 5)));
    if (this.down) throw new ServiceUnavailableError('no inference');
    if (articles.some((a) => a.includes('FAIL'))) throw new ModelLoadError('cannot summarize');
    return articles.map((a) => ({ summary: a.split('.')[0], latencyMs: 10 * a.length }));
  }
}

class FakeTracking extends EvaluationTracking {
  experiments: string[] = [];
  runs: Array<{ id: string; tags: Record<string, string>; status?: string }> = [];
  metrics: Record<string, number> = {};
  predictions: EvaluationPredictionRow[] = [];
  async ensureExperiment(name: string) {
    this.experiments.push(name);
    return 'exp-1';
  }
  async createRun(_e: string, _n: string, tags: Record<string, string>) {
    this.runs.push({ id: `run-${this.runs.length + 1}`, tags });
    return `run-${this.runs.length}`;
  }
  async logParams() {}
  async logMetrics(_r: string, m: Record<string, number>) {
    Object.assign(this.metrics, m);
  }
  async logDataset() {}
  async logPredictions(_r: string, rows: EvaluationPredictionRow[]) {
    this.predictions.push(...rows);
  }
  async finishRun(runId: string, status: string) {
    this.runs.find((r) => r.id === runId)!.status = status;
  }
}

const version = { name: 'news', version: 2 } as ModelVersion;
const store = {
  findVersion: async (name: string, v: number) => (name === 'news' && v === 2 ? version : null),
  findModel: async (name: string) => (name === 'news' ? ({ name } as RegisteredModel) : null),
} as unknown as RegistryStore;

function setup(rows: DatasetRow[], concurrency = 1) {
  const summarizer = new FakeSummarizer();
  const tracking = new FakeTracking();
  const config = Object.assign(new EvaluationConfig(), {
    EVALUATION_CHUNK_SIZE: 2,
    EVALUATION_CONCURRENCY: concurrency,
  });
  const records = new InMemoryGateStore();
  const handler = new RunEvaluationHandler(
    store,
    new FakeDatasets(rows),
    summarizer,
    tracking,
    config,
    records,
    new ManualClock(1000),
  );
  return { handler, summarizer, tracking, records };
}

const rows: DatasetRow[] = [
  { id: '1', article: 'Rain falls in Paris. More text.', reference: 'Rain falls in Paris' },
  { id: '2', article: 'FAIL this one. More.', reference: 'something' },
  { id: '3', article: 'Markets rise. Then fall.', reference: 'Markets rise' },
];
const cmd = { name: 'news', version: 2, datasetPath: '/data/eval.jsonl', userId: 'ann' };

describe('RunEvaluationHandler', () => {
  it('summarizes in chunks, retries a failed chunk per article, logs the table and metrics', async () => {
    const { handler, summarizer, tracking, records } = setup(rows);
    const result = await handler.execute(cmd);

    // The gate's evidence is the service's own record, with the metrics it computed.
    expect(records.evaluations).toEqual([
      expect.objectContaining({
        runId: 'run-1',
        name: 'news',
        version: 2,
        datasetDigest: result.datasetDigest,
        userId: 'ann',
      }),
    ]);
    expect(records.evaluations[0].metrics.rougeL).toBeCloseTo(2 / 3);
    expect(summarizer.calls.map((c) => c.length)).toEqual([2, 1, 1, 1]);
    expect(tracking.experiments).toEqual(['news-evaluation']);
    expect(tracking.runs).toHaveLength(1);
    expect(tracking.runs[0].status).toBe('FINISHED');
    expect(tracking.runs[0].tags).toMatchObject({
      [EVALUATION_TAGS.modelName]: 'news',
      [EVALUATION_TAGS.modelVersion]: '2',
      [EVALUATION_TAGS.modelUri]: 'models:/news/2',
      [EVALUATION_TAGS.datasetDigest]: result.datasetDigest,
    });
    expect(result).toMatchObject({ runId: 'run-1', experimentId: 'exp-1', modelUri: 'models:/news/2' });
    expect(result.metrics.failure_rate).toBeCloseTo(1 / 3);
    expect(result.metrics.rougeL).toBeCloseTo(2 / 3);
    expect(tracking.metrics).toMatchObject({
      rougeL: result.metrics.rougeL,
      failure_rate: result.metrics.failure_rate,
    });
    expect(tracking.predictions).toHaveLength(3);
    expect(tracking.predictions[0]).toMatchObject({
      inputs: { id: '1', article: rows[0].article },
      outputs: { summary: 'Rain falls in Paris' },
      extra: { reference: 'Rain falls in Paris', rougeL: 1 },
    });
    expect(tracking.predictions[1].outputs.summary).toBeNull();
    expect(tracking.predictions[1].extra.error).toMatch(/MODEL_LOAD_FAILED/);
  });

  it('keeps the dataset order with several chunks in flight', async () => {
    const many: DatasetRow[] = Array.from({ length: 9 }, (_, i) => ({
      id: String(i),
      article: `Story ${i} first. Then more.`,
      reference: `Story ${i} first`,
    }));
    const { handler, tracking } = setup(many, 3);
    const result = await handler.execute(cmd);
    expect(tracking.predictions.map((p) => p.inputs.id)).toEqual(many.map((r) => r.id));
    expect(tracking.predictions.map((p) => p.outputs.summary)).toEqual(many.map((r) => r.reference));
    expect(result.metrics.rougeL).toBeCloseTo(1);
  });

  it('honours limit', async () => {
    const { handler } = setup(rows);
    expect((await handler.execute({ ...cmd, limit: 1 })).metrics.articles).toBe(1);
  });

  it.each([
    ['a missing reference', { id: '9', article: 'Text.', reference: null }],
    ['an empty reference', { id: '9', article: 'Text.', reference: '  ' }],
  ])('refuses a set with %s before creating anything', async (_what, bad) => {
    const { handler, summarizer, tracking } = setup([rows[0], bad]);
    const error = await rejectionOf(handler.execute(cmd));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toMatch(/1 of 2 articles have no reference summary \(ids 9\)/);
    expect(tracking.experiments).toEqual([]);
    expect(tracking.runs).toEqual([]);
    expect(summarizer.calls).toEqual([]);
  });

  it('refuses an unknown model or version', async () => {
    const { handler, tracking } = setup(rows);
    expect((await rejectionOf(handler.execute({ ...cmd, version: 9 }))).message).toMatch(/version 9 not found/);
    expect((await rejectionOf(handler.execute({ ...cmd, name: 'nope' }))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    expect(tracking.runs).toEqual([]);
  });

  it('stops and marks the run FAILED when inference is unreachable', async () => {
    const { handler, summarizer, tracking } = setup(rows);
    summarizer.down = true;
    expect((await rejectionOf(handler.execute(cmd))).code).toBe(ErrorCode.TEMPORARILY_UNAVAILABLE);
    expect(tracking.runs[0].status).toBe('FAILED');
  });
});

describe('predictionBatches', () => {
  it('keeps each batch under the byte budget and the row limit, in order', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ i, text: 'x'.repeat(100) }));
    const batches = predictionBatches(rows, 400);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(rows);
    expect(predictionBatches(Array.from({ length: 2500 }, (_, i) => i)).map((b) => b.length)).toEqual([
      1000, 1000, 500,
    ]);
    expect(predictionBatches([{ big: 'y'.repeat(1000) }], 10)).toHaveLength(1);
  });
});
