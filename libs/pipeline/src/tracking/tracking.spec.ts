import { InternalError, InvalidParameterError } from '@llmops/contract';
import { DatasetRow, datasetDigest } from '../dataset/dataset';
import { ExtractiveSummarizer } from '../extractive/extractive.summarizer';
import { loadModelPackage } from '../model-package/model-package';
import { SummarizeOverrides, SummaryResult } from '../summarizer/summarizer';
import { InMemoryTrackingSink } from '../testing/in-memory-tracking-sink';
import { LOG_MODEL_HISTORY_TAG, logModel } from './log-model';
import { runPipelineOnDataset } from './run-pipeline-on-dataset';

const ROWS: DatasetRow[] = [
  {
    id: 'a1',
    article: 'The council approved the budget on Tuesday. It raises transport spending by 12 percent. Taxes stay flat.',
    reference: 'The council approved a budget that raises transport spending by 12 percent.',
  },
  {
    id: 'a2',
    article: 'Heavy rain flooded the capital overnight. Officials closed two bridges. More rain is expected on Friday.',
    reference: null,
  },
  {
    id: 'a3',
    article: 'FAIL this article makes the fake summarizer throw. It has two sentences.',
    reference: 'Nothing.',
  },
];

/** The real extractive summarizer with fixed latencies/tokens, failing on articles starting "FAIL". */
class ScriptedSummarizer extends ExtractiveSummarizer {
  calls: SummarizeOverrides[] = [];
  override async summarize(articles: string[], overrides: SummarizeOverrides = {}): Promise<SummaryResult[]> {
    this.calls.push(overrides);
    if (articles.some((a) => a.startsWith('FAIL'))) throw new InternalError('model blew up');
    const real = await super.summarize(articles, overrides);
    return real.map((r, i) => ({ ...r, latencyMs: 100 * (this.calls.length + i), tokensOut: 10 }));
  }
}

describe('logModel', () => {
  it('uploads the package under the artifact path and appends to mlflow.log-model.history', async () => {
    const sink = new InMemoryTrackingSink();
    await sink.setTag('run-1', LOG_MODEL_HISTORY_TAG, JSON.stringify([{ artifact_path: 'older', run_id: 'run-1' }]));
    const summarizer = new ExtractiveSummarizer({ maxSentences: 2 });

    const logged = await logModel(sink, 'run-1', summarizer, 'summarizer');

    expect(logged.modelUri).toBe('runs:/run-1/summarizer');
    expect(await sink.artifactFiles('run-1', 'summarizer')).toEqual([
      'MLmodel',
      'input_example.json',
      'node_env.yaml',
      'requirements.txt',
    ]);
    const history = JSON.parse((await sink.getTag('run-1', LOG_MODEL_HISTORY_TAG))!);
    expect(history).toHaveLength(2);
    expect(history[0]).toEqual({ artifact_path: 'older', run_id: 'run-1' });
    expect(history[1]).toMatchObject({
      run_id: 'run-1',
      artifact_path: 'summarizer',
      model_uuid: logged.mlmodel.model_uuid,
      utc_time_created: logged.mlmodel.utc_time_created,
      flavors: { llmops_summarizer: { flavor: 'extractive' } },
      signature: { inputs: expect.stringContaining('article') },
    });
    expect(await sink.readArtifact('run-1', 'summarizer', 'MLmodel')).toContain('run_id: run-1');

    // the uploaded copy is a loadable package
    const { summarizer: loaded } = await loadModelPackage(sink.run('run-1').artifacts.get('summarizer')!);
    const [a] = await loaded.summarize([ROWS[0].article]);
    const [b] = await summarizer.summarize([ROWS[0].article]);
    expect(a.summary).toBe(b.summary);
  });

  it('starts the history when the tag is absent', async () => {
    const sink = new InMemoryTrackingSink();
    await logModel(sink, 'run-2', new ExtractiveSummarizer(), 'model');
    await logModel(sink, 'run-2', new ExtractiveSummarizer({ method: 'lead' }), 'lead');
    const history = JSON.parse((await sink.getTag('run-2', LOG_MODEL_HISTORY_TAG))!);
    expect(history.map((h: { artifact_path: string }) => h.artifact_path)).toEqual(['model', 'lead']);
  });
});

describe('runPipelineOnDataset', () => {
  it('logs every query/result, params, latency/tokens metrics, failures and ROUGE', async () => {
    const sink = new InMemoryTrackingSink();
    const summarizer = new ScriptedSummarizer();
    const progress: number[] = [];

    const report = await runPipelineOnDataset(
      sink,
      'run-3',
      summarizer,
      ROWS,
      { maxSentences: 1 },
      {
        datasetName: 'news-dev',
        logChunkSize: 2,
        onProgress: (done) => progress.push(done),
      },
    );

    expect(progress).toEqual([1, 2, 3]);
    expect(summarizer.calls).toEqual([{ maxSentences: 1 }, { maxSentences: 1 }, { maxSentences: 1 }]);
    const logged = sink.run('run-3').predictions;
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({
      articleId: 'a1',
      article: ROWS[0].article,
      summary: 'The council approved the budget on Tuesday.',
      latencyMs: 100,
      tokensOut: 10,
      truncated: false,
    });
    expect(logged[2]).toMatchObject({ articleId: 'a3', summary: null, error: 'INTERNAL_ERROR: model blew up' });

    expect(Object.fromEntries(sink.run('run-3').params)).toMatchObject({
      flavor: 'extractive',
      model_id: 'extractive-textrank',
      dataset_name: 'news-dev',
      dataset_rows: '3',
      dataset_digest: datasetDigest(ROWS),
      maxSentences: '1',
      method: 'textrank',
    });

    // latencies of the two successes: 100 (call 1) and 200 (call 2)
    // p50 = 150, p95 = 100 + 0.95 * 100 = 195; tokens/s = 20 tokens / 0.3 s
    const metrics = sink.metricsOf('run-3');
    expect(metrics).toMatchObject({ rows: 3, failures: 1, latency_p50_ms: 150, tokens_out_total: 20 });
    expect(metrics.failure_rate).toBeCloseTo(1 / 3, 12);
    expect(metrics.latency_p95_ms).toBeCloseTo(195, 9);
    expect(metrics.tokens_per_second).toBeCloseTo(20 / 0.3, 9);
    // ROUGE only over a1 (a2 has no reference, a3 failed)
    expect(metrics.rouge_rows).toBe(1);
    expect(metrics.rouge1).toBeGreaterThan(0.3);
    expect(report.rouge?.count).toBe(1);
    expect(report.failures).toBe(1);
  });

  it('stops on invalid settings before summarizing anything', async () => {
    const sink = new InMemoryTrackingSink();
    const summarizer = new ScriptedSummarizer();
    await expect(runPipelineOnDataset(sink, 'run-4', summarizer, ROWS, { beams: 4 })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(summarizer.calls).toEqual([]);
    expect(sink.run('run-4').predictions).toEqual([]);
  });
});
