import { InternalError, InvalidParameterError, LlmopsError, ModelLoadError } from '@llmops/contract';
import { resolveSettings } from '../summarizer/settings';
import {
  ParamSpec,
  SettingsRecord,
  SummarizeOverrides,
  Summarizer,
  SummarizerDescription,
  SummaryResult,
} from '../summarizer/summarizer';
import { defaultModelCacheDir, missingModelFiles, resolveModelSource } from './model-source';
import { OnnxSeq2SeqSpec, SEQ2SEQ_PARAMS, Seq2SeqSettings } from './onnx-seq2seq.settings';
import { ChildGenerationSettings, Seq2SeqProcessClient } from './seq2seq-process.client';

const DEFAULT_LOAD_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Any transformers.js summarization model (T5, BART, DistilBART, Pegasus ONNX exports) run by
 * onnxruntime-node in a child process. Greedy decoding: transformers.js 3.x accepts `num_beams` but
 * its generate loop keeps only the best candidate per step, so `numBeams > 1` behaves like 1.
 */
export class OnnxSeq2SeqSummarizer extends Summarizer {
  readonly flavor = 'onnx-seq2seq' as const;

  private constructor(
    private readonly client: Seq2SeqProcessClient,
    private readonly modelId: string,
    /** Where the model files are on disk (what packaging copies). */
    readonly modelDir: string,
    private readonly settings: SettingsRecord,
  ) {
    super();
  }

  /** Loads the model; ModelLoadError (fast) when it cannot be found or read. */
  static async load(spec: OnnxSeq2SeqSpec, modelId = spec.model): Promise<OnnxSeq2SeqSummarizer> {
    const base = resolveSettings(SEQ2SEQ_PARAMS, spec.settings ?? {});
    const dtype = base.dtype as Seq2SeqSettings['dtype'];
    const cacheDir = spec.cacheDir ?? defaultModelCacheDir();
    const revision = spec.revision ?? 'main';
    const source = resolveModelSource({
      model: spec.model,
      dtype,
      allowRemoteModels: spec.allowRemoteModels ?? false,
      cacheDir,
      revision,
    });
    const client = new Seq2SeqProcessClient();
    const timeoutMs = spec.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const loaded = await Promise.race([
        client.load({
          model: source.kind === 'directory' ? source.dir : source.id,
          allowRemoteModels: source.kind === 'hub',
          cacheDir,
          revision,
          remoteHost: spec.remoteHost,
          dtype,
          intraOpThreads: base.intraOpThreads as number,
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new ModelLoadError(`Loading model '${spec.model}' took longer than ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      if (source.kind === 'hub' && missingModelFiles(source.dir, dtype).length > 0) {
        throw new ModelLoadError(`Model '${spec.model}' loaded but its files are not in the cache ${source.dir}`);
      }
      // T5 needs its task prefix; take it from config.json like Hugging Face's pipeline does.
      const settings =
        spec.settings?.taskPrefix === undefined
          ? { ...base, taskPrefix: loaded.defaultPrefix ?? (loaded.modelType === 't5' ? 'summarize: ' : '') }
          : base;
      return new OnnxSeq2SeqSummarizer(client, modelId, source.dir, settings);
    } catch (error) {
      await client.terminate();
      if (error instanceof ModelLoadError) throw error;
      throw new ModelLoadError(
        `Could not load model '${spec.model}' (${source.kind === 'hub' ? 'download from the Hugging Face hub' : source.dir}): ` +
          `${(error as Error).message}. Provide a local directory with the ONNX export, or network access with the HF id.`,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async summarize(articles: string[], overrides: SummarizeOverrides = {}): Promise<SummaryResult[]> {
    const s = resolveSettings(SEQ2SEQ_PARAMS, this.settings, overrides, true) as unknown as Seq2SeqSettings;
    if (s.minNewTokens > s.maxNewTokens) {
      throw new InvalidParameterError(`minNewTokens (${s.minNewTokens}) exceeds maxNewTokens (${s.maxNewTokens})`);
    }
    if (articles.length === 0) return [];
    const generation: ChildGenerationSettings = {
      taskPrefix: s.taskPrefix,
      maxInputTokens: s.maxInputTokens,
      minNewTokens: s.minNewTokens,
      maxNewTokens: s.maxNewTokens,
      numBeams: s.numBeams,
      noRepeatNgramSize: s.noRepeatNgramSize,
      batchSize: s.batchSize,
    };
    try {
      return await this.client.summarize(articles, generation);
    } catch (error) {
      if (error instanceof LlmopsError) throw error;
      throw new InternalError(`Summarization failed: ${(error as Error).message}`, { cause: error });
    }
  }

  describe(): SummarizerDescription {
    return { flavor: this.flavor, modelId: this.modelId, settings: { ...this.settings } };
  }

  paramSchema(): readonly ParamSpec[] {
    return SEQ2SEQ_PARAMS;
  }

  async dispose(): Promise<void> {
    await this.client.close();
  }
}
