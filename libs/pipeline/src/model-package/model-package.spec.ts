import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidParameterError, ModelLoadError } from '@llmops/contract';
import YAML from 'yaml';
import { createSummarizer } from '../summarizer/create-summarizer';
import { Summarizer } from '../summarizer/summarizer';
import { loadModelPackage, mlflowUtcTime, readModelPackage, saveModelPackage } from './model-package';

const FIXTURE = join(__dirname, '..', '..', 'test-fixtures', 'tiny-random-t5');
const ARTICLES = [
  'Apple Inc. said on Tuesday that U.S. sales of the iPhone rose 3.5% in the quarter. Mr. Cook called it a record. ' +
    'Analysts had expected a decline after a weak holiday season. The shares rose 2% in late trading. ' +
    'The company also raised its dividend by 10 percent.',
  'Heavy rain flooded parts of the capital overnight. Officials closed two bridges and opened shelters for ' +
    'residents. The weather service expects more rain on Friday.',
];

describe('model packages (MLflow-like)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'llmops-package-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  describe('extractive flavor', () => {
    let summarizer: Summarizer;
    let dir: string;
    beforeAll(async () => {
      summarizer = await createSummarizer({ flavor: 'extractive', settings: { maxSentences: 2 } });
      dir = join(scratch, 'extractive');
      await saveModelPackage(summarizer, dir, {
        artifactPath: 'model',
        runId: 'abc123',
        modelUuid: 'f'.repeat(32),
        now: new Date('2026-11-27T10:20:30.456Z'),
      });
    });

    it('writes an MLmodel an MLflow user recognises', () => {
      const text = readFileSync(join(dir, 'MLmodel'), 'utf8');
      expect(text).toContain("utc_time_created: '2026-11-27 10:20:30.456000'");
      const doc = YAML.parse(text);
      expect(doc).toMatchObject({
        artifact_path: 'model',
        run_id: 'abc123',
        model_uuid: 'f'.repeat(32),
        saved_input_example_info: { artifact_path: 'input_example.json', type: 'json_object' },
        flavors: {
          llmops_summarizer: {
            flavor: 'extractive',
            model_id: 'extractive-textrank',
            format_version: 1,
            settings: { method: 'textrank', maxSentences: 2, maxWords: 65 },
          },
        },
        runtime: { node: process.versions.node },
      });
      expect(JSON.parse(doc.signature.inputs)).toEqual([{ type: 'string', name: 'article', required: true }]);
      expect(JSON.parse(doc.signature.outputs)).toEqual([{ type: 'string', name: 'summary', required: true }]);
      expect(doc.signature.inputs).toBe('[{"type": "string", "name": "article", "required": true}]');
      // defaults are this model's values (maxSentences 2 here, not the flavor's 3)
      expect(JSON.parse(doc.signature.params)).toContainEqual({
        name: 'maxSentences',
        type: 'long',
        default: 2,
        shape: null,
      });
      expect(doc.model_size_bytes).toBeGreaterThan(0);
    });

    it('writes the input example and the runtime record', () => {
      expect(JSON.parse(readFileSync(join(dir, 'input_example.json'), 'utf8')).article).toHaveLength(1);
      // requirements.txt is pip's: no Python package (a Node pin there reads as a missing one).
      const requirements = readFileSync(join(dir, 'requirements.txt'), 'utf8');
      expect(requirements.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([]);
      const nodeEnv = YAML.parse(readFileSync(join(dir, 'node_env.yaml'), 'utf8'));
      expect(nodeEnv).toEqual({ node: process.versions.node, dependencies: { '@llmops/pipeline': '0.1.0' } });
      expect(YAML.parse(readFileSync(join(dir, 'MLmodel'), 'utf8')).flavors.llmops_summarizer.env).toEqual({
        node: 'node_env.yaml',
      });
    });

    it('round-trips: the loaded package summarizes identically', async () => {
      const loaded = await loadModelPackage(dir);
      expect(loaded.mlmodel.model_uuid).toBe('f'.repeat(32));
      expect(loaded.summarizer.describe()).toEqual(summarizer.describe());
      const before = (await summarizer.summarize(ARTICLES)).map((r) => r.summary);
      const after = (await loaded.summarizer.summarize(ARTICLES)).map((r) => r.summary);
      expect(after).toEqual(before);
      expect(after[0].length).toBeGreaterThan(0);
    });

    it('refuses to save into a directory that is not empty', async () => {
      await expect(saveModelPackage(summarizer, dir, { artifactPath: 'model' })).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    });
  });

  describe('onnx-seq2seq flavor (tiny random T5 fixture)', () => {
    let summarizer: Summarizer;
    let dir: string;
    beforeAll(async () => {
      summarizer = await createSummarizer({ flavor: 'onnx-seq2seq', model: FIXTURE, settings: { maxNewTokens: 16 } });
      dir = join(scratch, 'onnx');
      await saveModelPackage(summarizer, dir, { artifactPath: 'summarizer' });
    });
    afterAll(async () => summarizer?.dispose());

    it('copies the ONNX files, tokenizer and config, and records the runtime', async () => {
      const doc = await readModelPackage(dir);
      expect(doc.flavors.llmops_summarizer).toMatchObject({
        flavor: 'onnx-seq2seq',
        model_id: FIXTURE,
        model_dir: 'model',
        settings: { taskPrefix: 'summarize: ', maxNewTokens: 16, dtype: 'fp32', intraOpThreads: 1 },
      });
      expect(doc.run_id).toBeUndefined();
      expect(doc.utc_time_created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      for (const file of [
        'config.json',
        'tokenizer.json',
        'onnx/encoder_model.onnx',
        'onnx/decoder_model_merged.onnx',
      ]) {
        expect(readFileSync(join(dir, 'model', file)).equals(readFileSync(join(FIXTURE, file)))).toBe(true);
      }
      const nodeEnv = YAML.parse(readFileSync(join(dir, 'node_env.yaml'), 'utf8'));
      expect(nodeEnv.dependencies['@huggingface/transformers']).toMatch(/^3\.\d+\.\d+$/);
      expect(nodeEnv.dependencies['onnxruntime-node']).toMatch(/^\d+\.\d+\.\d+$/);
    });

    it('round-trips: the loaded package summarizes identically', async () => {
      const loaded = await loadModelPackage(dir);
      try {
        expect(loaded.summarizer.describe()).toEqual(summarizer.describe());
        const before = await summarizer.summarize(ARTICLES);
        const after = await loaded.summarizer.summarize(ARTICLES);
        expect(after.map((r) => r.summary)).toEqual(before.map((r) => r.summary));
        expect(after.map((r) => r.tokensOut)).toEqual(before.map((r) => r.tokensOut));
      } finally {
        await loaded.summarizer.dispose();
      }
    });

    it('fails with MODEL_LOAD_FAILED when a model file is missing', async () => {
      const broken = join(scratch, 'onnx-broken');
      await saveModelPackage(summarizer, broken, { artifactPath: 'summarizer' });
      unlinkSync(join(broken, 'model', 'onnx', 'decoder_model_merged.onnx'));
      const error = await loadModelPackage(broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      expect((error as Error).message).toMatch(/missing model files: model\/onnx\/decoder_model_merged\.onnx/);
    });
  });

  describe('corrupt packages', () => {
    const valid = async (name: string) => {
      const dir = join(scratch, name);
      await saveModelPackage(await createSummarizer({ flavor: 'extractive' }), dir, { artifactPath: 'model' });
      return dir;
    };
    const reason = async (dir: string) => {
      const error = await loadModelPackage(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelLoadError);
      return (error as Error).message;
    };

    it('missing directory or MLmodel', async () => {
      expect(await reason(join(scratch, 'nothing-here'))).toMatch(/does not exist/);
      const dir = await valid('no-mlmodel');
      unlinkSync(join(dir, 'MLmodel'));
      expect(await reason(dir)).toMatch(/has no MLmodel file/);
    });

    it('bad YAML', async () => {
      const dir = await valid('bad-yaml');
      writeFileSync(join(dir, 'MLmodel'), 'flavors: [unclosed\n  : :');
      expect(await reason(dir)).toMatch(/not valid YAML/);
    });

    it('unknown flavor, foreign flavors, bad settings, newer format', async () => {
      const dir = await valid('edited');
      const original = YAML.parse(readFileSync(join(dir, 'MLmodel'), 'utf8'));
      const write = (doc: unknown) => writeFileSync(join(dir, 'MLmodel'), YAML.stringify(doc));

      write({ ...original, flavors: { llmops_summarizer: { ...original.flavors.llmops_summarizer, flavor: 'gpt' } } });
      expect(await reason(dir)).toMatch(/unknown summarizer flavor 'gpt'/);

      write({ ...original, flavors: { python_function: { loader_module: 'mlflow.sklearn' } } });
      expect(await reason(dir)).toMatch(/no 'llmops_summarizer' flavor \(found: python_function\)/);

      write({
        ...original,
        flavors: {
          llmops_summarizer: { ...original.flavors.llmops_summarizer, settings: { method: 'abstractive' } },
        },
      });
      expect(await reason(dir)).toMatch(/method/);

      write({
        ...original,
        flavors: { llmops_summarizer: { ...original.flavors.llmops_summarizer, format_version: 99 } },
      });
      expect(await reason(dir)).toMatch(/format_version 99/);
    });
  });

  it('formats times as MLflow does', () => {
    expect(mlflowUtcTime(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02 03:04:05.006000');
  });
});
