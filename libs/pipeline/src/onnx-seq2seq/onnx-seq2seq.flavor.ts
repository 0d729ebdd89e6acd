import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterError, ModelLoadError } from '@llmops/contract';
import { LlmopsSummarizerFlavorConfig, PACKAGE_FORMAT_VERSION } from '../model-package/mlmodel';
import type { FlavorDefinition } from '../summarizer/flavor-registry';
import { Summarizer } from '../summarizer/summarizer';
import { missingModelFiles } from './model-source';
import { Seq2SeqSettings } from './onnx-seq2seq.settings';
import { OnnxSeq2SeqSummarizer } from './onnx-seq2seq.summarizer';

/** Folder of the model files inside a package. */
export const PACKAGE_MODEL_DIR = 'model';

export const onnxSeq2SeqFlavor: FlavorDefinition = {
  name: 'onnx-seq2seq',
  async create(spec) {
    if (spec.flavor !== 'onnx-seq2seq') throw new InvalidParameterError(`Not an onnx-seq2seq spec: ${spec.flavor}`);
    return OnnxSeq2SeqSummarizer.load(spec);
  },

  /** Copies config, tokenizer files and the ONNX files of the loaded dtype (not the other exports). */
  async save(summarizer: Summarizer, packageDir: string): Promise<LlmopsSummarizerFlavorConfig> {
    if (!(summarizer instanceof OnnxSeq2SeqSummarizer)) {
      throw new InvalidParameterError('onnx-seq2seq packaging needs an OnnxSeq2SeqSummarizer');
    }
    const description = summarizer.describe();
    const dtype = description.settings.dtype as Seq2SeqSettings['dtype'];
    const target = join(packageDir, PACKAGE_MODEL_DIR);
    await mkdir(join(target, 'onnx'), { recursive: true });
    for (const entry of await readdir(summarizer.modelDir, { withFileTypes: true })) {
      if (entry.isFile()) await copyFile(join(summarizer.modelDir, entry.name), join(target, entry.name));
    }
    const suffix = dtype === 'q8' ? '_quantized' : '';
    for (const file of [`encoder_model${suffix}.onnx`, `decoder_model_merged${suffix}.onnx`]) {
      await copyFile(join(summarizer.modelDir, 'onnx', file), join(target, 'onnx', file));
    }
    return {
      flavor: 'onnx-seq2seq',
      model_id: description.modelId,
      model_dir: PACKAGE_MODEL_DIR,
      settings: description.settings,
      format_version: PACKAGE_FORMAT_VERSION,
    };
  },

  async load(packageDir, config, options) {
    if (typeof config.model_dir !== 'string' || config.model_dir === '' || config.model_dir.includes('..')) {
      throw new ModelLoadError(
        `MLmodel flavor onnx-seq2seq needs a relative model_dir (got ${String(config.model_dir)})`,
      );
    }
    const dir = join(packageDir, config.model_dir);
    const settings = { ...config.settings } as Partial<Seq2SeqSettings>;
    if (options.intraOpThreads !== undefined) settings.intraOpThreads = options.intraOpThreads;
    if (options.batchSize !== undefined) settings.batchSize = options.batchSize;
    const missing = missingModelFiles(dir, (settings.dtype ?? 'fp32') as Seq2SeqSettings['dtype']);
    if (missing.length > 0) {
      throw new ModelLoadError(
        `Model package ${packageDir} is missing model files: ${missing.map((f) => `${config.model_dir}/${f}`).join(', ')}`,
      );
    }
    return OnnxSeq2SeqSummarizer.load(
      { flavor: 'onnx-seq2seq', model: dir, settings, allowRemoteModels: false },
      config.model_id,
    );
  },
};
