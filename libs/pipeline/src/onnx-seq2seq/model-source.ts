import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ModelLoadError } from '@llmops/contract';

/** Hugging Face repo ids: `name` or `owner/name` (the rule transformers.js applies). */
const HF_ID = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/;

export function defaultModelCacheDir(): string {
  return process.env.LLMOPS_MODEL_CACHE || join(homedir(), '.cache', 'llmops', 'models');
}

/** Files a transformers.js seq2seq model folder must hold for the chosen dtype. */
export function requiredModelFiles(dtype: 'fp32' | 'q8'): string[] {
  const suffix = dtype === 'q8' ? '_quantized' : '';
  return [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}

export function missingModelFiles(dir: string, dtype: 'fp32' | 'q8'): string[] {
  return requiredModelFiles(dtype).filter((file) => !existsSync(join(dir, file)));
}

export type ModelSource =
  /** Files are on disk (a folder given by the user, a package, or a previous download). */
  | { kind: 'directory'; dir: string }
  /** To be downloaded from the hub into `dir` (transformers.js' file cache layout). */
  | { kind: 'hub'; id: string; dir: string };

export interface ModelSourceRequest {
  model: string;
  dtype: 'fp32' | 'q8';
  allowRemoteModels: boolean;
  cacheDir: string;
  revision: string;
}

const HOW_TO =
  'Provide a local directory with config.json, tokenizer files and onnx/*.onnx (an Optimum/transformers.js ' +
  'export), or use a Hugging Face model id with downloads allowed (allowRemoteModels) on a machine with ' +
  'network access to huggingface.co.';

/**
 * Decides where the model comes from, before any thread or network is involved, so that a model
 * that is not available offline fails at once with MODEL_LOAD_FAILED instead of hanging.
 */
export function resolveModelSource(request: ModelSourceRequest): ModelSource {
  const { model, dtype } = request;
  const asPath = resolve(model);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) {
    const missing = missingModelFiles(asPath, dtype);
    if (missing.length > 0) {
      throw new ModelLoadError(
        `Model directory ${asPath} is incomplete for dtype ${dtype}: missing ${missing.join(', ')}. ${HOW_TO}`,
      );
    }
    return { kind: 'directory', dir: asPath };
  }
  const looksLikePath = isAbsolute(model) || model.startsWith('.') || model.startsWith('~') || model.includes('\\');
  if (looksLikePath || !HF_ID.test(model) || model.includes('..') || model.includes('--')) {
    throw new ModelLoadError(`Model directory ${asPath} does not exist. ${HOW_TO}`);
  }
  // transformers.js' file cache keeps `<cacheDir>/<id>/<file>` (`<id>/<revision>/<file>` off main).
  const cached =
    request.revision === 'main' ? join(request.cacheDir, model) : join(request.cacheDir, model, request.revision);
  if (existsSync(cached) && missingModelFiles(cached, dtype).length === 0) return { kind: 'directory', dir: cached };
  if (!request.allowRemoteModels) {
    throw new ModelLoadError(
      `Model '${model}' is not available offline: it is not a local directory and not in the model cache ` +
        `${request.cacheDir}, and downloads are off. ${HOW_TO}`,
    );
  }
  return { kind: 'hub', id: model, dir: cached };
}
