import { ParamSpec } from '../summarizer/summarizer';

/** Generation settings of the `onnx-seq2seq` flavor (transformers.js summarization). */
export interface Seq2SeqSettings {
  /** Prepended to every article; T5 was trained with `summarize: `. Empty for BART/Pegasus. */
  taskPrefix: string;
  /** Articles longer than this (prefix included) are truncated; the result says so. */
  maxInputTokens: number;
  minNewTokens: number;
  maxNewTokens: number;
  numBeams: number;
  /** 0 turns it off. */
  noRepeatNgramSize: number;
  /** Which ONNX export to load: `onnx/*.onnx` (fp32) or `onnx/*_quantized.onnx` (q8). Load-time. */
  dtype: 'fp32' | 'q8';
  /** ONNX Runtime intra-op threads. One per replica: replicas, not threads, use the cores. Load-time. */
  intraOpThreads: number;
  /**
   * Most articles generated together as one padded batch when a call brings several (one call
   * of the inference micro-batcher, a chunk of a batch job). Same summaries as one by one; on
   * CPU a batch of 8 costs well under 8 single runs. Load-time (a deployment concern).
   */
  batchSize: number;
}

export const SEQ2SEQ_PARAMS: readonly ParamSpec[] = [
  { name: 'taskPrefix', type: 'string', default: '', perCall: true },
  { name: 'maxInputTokens', type: 'long', default: 512, perCall: true, min: 1, max: 16384 },
  { name: 'minNewTokens', type: 'long', default: 0, perCall: true, min: 0, max: 4096 },
  { name: 'maxNewTokens', type: 'long', default: 60, perCall: true, min: 1, max: 4096 },
  { name: 'numBeams', type: 'long', default: 1, perCall: true, min: 1, max: 16 },
  { name: 'noRepeatNgramSize', type: 'long', default: 0, perCall: true, min: 0, max: 16 },
  { name: 'dtype', type: 'string', default: 'fp32', perCall: false, choices: ['fp32', 'q8'] },
  { name: 'intraOpThreads', type: 'long', default: 1, perCall: false, min: 1, max: 256 },
  { name: 'batchSize', type: 'long', default: 8, perCall: false, min: 1, max: 64 },
];

/** Where a model comes from: a local folder, or a Hugging Face id (downloaded only when allowed). */
export interface OnnxSeq2SeqSpec {
  flavor: 'onnx-seq2seq';
  /** A local directory (config.json, tokenizer files, onnx/) or a Hugging Face model id. */
  model: string;
  settings?: Partial<Seq2SeqSettings>;
  /**
   * Download from the Hugging Face hub when `model` is not a local directory. Off by default, so
   * that an offline machine fails fast with MODEL_LOAD_FAILED instead of hanging on the network.
   */
  allowRemoteModels?: boolean;
  /** Where downloads are cached (default `$LLMOPS_MODEL_CACHE` or `~/.cache/llmops/models`). */
  cacheDir?: string;
  /** Hub revision (branch, tag or commit) for downloads. Default `main`. */
  revision?: string;
  /** Hub mirror (transformers.js `env.remoteHost`), default https://huggingface.co/. */
  remoteHost?: string;
  /** How long a load (download included) may take before MODEL_LOAD_FAILED. Default 10 minutes. */
  loadTimeoutMs?: number;
}
