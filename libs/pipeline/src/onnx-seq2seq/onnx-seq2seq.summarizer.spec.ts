import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidParameterError, ModelLoadError } from '@llmops/contract';
import { createSummarizer } from '../summarizer/create-summarizer';
import { Summarizer } from '../summarizer/summarizer';

const FIXTURE = join(__dirname, '..', '..', 'test-fixtures', 'tiny-random-t5');
const ARTICLE =
  'The European Commission has forced Apple to lower its prices for media in its United Kingdom iTunes store. ' +
  'The change in policy will occur within the next six months, Apple announced this morning.';

describe('onnx-seq2seq flavor (tiny random T5 fixture, real transformers.js + onnxruntime-node)', () => {
  let summarizer: Summarizer;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'llmops-seq2seq-'));
    summarizer = await createSummarizer({
      flavor: 'onnx-seq2seq',
      model: FIXTURE,
      settings: { maxNewTokens: 12 },
      cacheDir: join(scratch, 'cache'),
    });
  });

  afterAll(async () => {
    await summarizer?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('summarizes each article with token counts, latency and no truncation', async () => {
    const results = await summarizer.summarize([ARTICLE, 'Short news.']);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(typeof r.summary).toBe('string');
      expect(r.tokensIn).toBeGreaterThan(1);
      expect(r.tokensOut).toBeGreaterThan(0);
      expect(r.tokensOut).toBeLessThanOrEqual(12);
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(r.truncated).toBe(false);
    }
    expect(results[0].tokensIn).toBeGreaterThan(results[1].tokensIn);
  });

  it('is deterministic (greedy decoding)', async () => {
    const [a] = await summarizer.summarize([ARTICLE]);
    const [b] = await summarizer.summarize([ARTICLE]);
    expect(b.summary).toBe(a.summary);
    expect(b.tokensOut).toBe(a.tokensOut);
  });

  it('takes the T5 task prefix from config.json and describes itself', () => {
    expect(summarizer.describe()).toEqual({
      flavor: 'onnx-seq2seq',
      modelId: FIXTURE,
      settings: {
        taskPrefix: 'summarize: ',
        maxInputTokens: 512,
        minNewTokens: 0,
        maxNewTokens: 12,
        numBeams: 1,
        noRepeatNgramSize: 0,
        dtype: 'fp32',
        intraOpThreads: 1,
        batchSize: 8,
      },
    });
  });

  it('truncates the input to maxInputTokens and says so', async () => {
    const [r] = await summarizer.summarize([ARTICLE], { maxInputTokens: 8 });
    expect(r.truncated).toBe(true);
    expect(r.tokensIn).toBe(8);
  });

  it('applies per-call generation settings (maxNewTokens, minNewTokens)', async () => {
    const [short] = await summarizer.summarize([ARTICLE], { maxNewTokens: 3 });
    expect(short.tokensOut).toBeLessThanOrEqual(3);
    const [long] = await summarizer.summarize([ARTICLE], { minNewTokens: 10, maxNewTokens: 10 });
    expect(long.tokensOut).toBe(10);
  });

  it('rejects load-time settings, unknown settings and bad values per call', async () => {
    await expect(summarizer.summarize([ARTICLE], { dtype: 'q8' })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(summarizer.summarize([ARTICLE], { temperature: 0.7 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(summarizer.summarize([ARTICLE], { maxNewTokens: 0 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(summarizer.summarize([ARTICLE], { minNewTokens: 20, maxNewTokens: 10 })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
  });

  it('answers concurrent calls in order, each with its own results', async () => {
    const [alone] = await summarizer.summarize(['Short news.']);
    const [x, y] = await Promise.all([summarizer.summarize([ARTICLE]), summarizer.summarize(['Short news.'])]);
    expect(y[0].summary).toBe(alone.summary);
    expect(x[0].tokensIn).toBeGreaterThan(y[0].tokensIn);
  });

  it('generates a call of several articles as padded batches with the summaries each gets alone', async () => {
    const articles = [
      ARTICLE,
      'Short news.',
      `${ARTICLE} ${ARTICLE} ${ARTICLE}`,
      'Markets fell sharply on Monday as investors weighed new tariffs.',
      'The council voted to close the bridge for repairs.',
    ];
    const settings = { maxInputTokens: 40, maxNewTokens: 12 };
    const alone = [];
    for (const a of articles) alone.push(...(await summarizer.summarize([a], settings)));
    // Batch of 8 (one padded batch, ordered by length inside), and batches of 2 (three of them).
    const pairs = await createSummarizer({
      flavor: 'onnx-seq2seq',
      model: FIXTURE,
      settings: { maxNewTokens: 12, batchSize: 2 },
    });
    try {
      for (const batched of [
        await summarizer.summarize(articles, settings),
        await pairs.summarize(articles, settings),
      ]) {
        expect(batched.map((r) => [r.summary, r.tokensIn, r.tokensOut, r.truncated])).toEqual(
          alone.map((r) => [r.summary, r.tokensIn, r.tokensOut, r.truncated]),
        );
      }
    } finally {
      await pairs.dispose();
    }
    expect(alone[2].truncated).toBe(true);
    expect(alone[1].truncated).toBe(false);
  });

  it('refuses a batch size per call (it is fixed at load)', async () => {
    await expect(summarizer.summarize([ARTICLE], { batchSize: 4 })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('refuses work after dispose with INTERNAL_ERROR', async () => {
    const other = await createSummarizer({ flavor: 'onnx-seq2seq', model: FIXTURE });
    await other.dispose();
    await other.dispose(); // idempotent
    await expect(other.summarize([ARTICLE])).rejects.toMatchObject({ code: 'INTERNAL_ERROR' });
  });

  it('loads a Hugging Face id offline from the model cache', async () => {
    const cacheDir = join(scratch, 'hub-cache');
    mkdirSync(join(cacheDir, 'acme'), { recursive: true });
    cpSync(FIXTURE, join(cacheDir, 'acme', 'tiny-t5'), { recursive: true });
    const cached = await createSummarizer({ flavor: 'onnx-seq2seq', model: 'acme/tiny-t5', cacheDir });
    try {
      expect(cached.describe().modelId).toBe('acme/tiny-t5');
      const [a] = await cached.summarize([ARTICLE], { maxNewTokens: 12 });
      const [b] = await summarizer.summarize([ARTICLE]);
      expect(a.summary).toBe(b.summary);
    } finally {
      await cached.dispose();
    }
  });
});

describe('onnx-seq2seq flavor: models that cannot be loaded', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'llmops-seq2seq-fail-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fails at once for a Hugging Face id that is not available offline, saying how to provide one', async () => {
    const error = await createSummarizer({
      flavor: 'onnx-seq2seq',
      model: 'Falconsai/text_summarization',
      cacheDir: join(scratch, 'empty-cache'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe('MODEL_LOAD_FAILED');
    expect((error as Error).message).toMatch(/not available offline/);
    expect((error as Error).message).toMatch(/local directory/);
    expect((error as Error).message).toMatch(/network access/);
  });

  it('goes through the download path when allowed, and fails with MODEL_LOAD_FAILED when the hub is unreachable', async () => {
    // Port 9 on loopback refuses connections: the real fetch code path, without any network.
    const error = await createSummarizer({
      flavor: 'onnx-seq2seq',
      model: 'Falconsai/text_summarization',
      allowRemoteModels: true,
      cacheDir: join(scratch, 'download-cache'),
      remoteHost: 'http://127.0.0.1:9/',
      loadTimeoutMs: 30000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/Hugging Face hub/);
  });

  it('fails for a directory that does not exist or lacks model files', async () => {
    await expect(createSummarizer({ flavor: 'onnx-seq2seq', model: join(scratch, 'nope') })).rejects.toThrow(
      /does not exist/,
    );
    const partial = join(scratch, 'partial');
    mkdirSync(partial);
    cpSync(join(FIXTURE, 'config.json'), join(partial, 'config.json'));
    const error = await createSummarizer({ flavor: 'onnx-seq2seq', model: partial }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toMatch(/onnx\/encoder_model\.onnx/);
  });

  it('fails for a q8 load when only fp32 files exist', async () => {
    await expect(
      createSummarizer({ flavor: 'onnx-seq2seq', model: FIXTURE, settings: { dtype: 'q8' } }),
    ).rejects.toThrow(/encoder_model_quantized\.onnx/);
  });
});
