/** A generation setting's value as it travels in MLmodel, tracking params and request overrides. */
export type SettingValue = string | number | boolean;

/** Settings as a plain record (what `describe()` returns and what a package stores). */
export type SettingsRecord = Record<string, SettingValue>;

/** Per-call overrides of a flavor's generation settings (unknown keys are rejected). */
export type SummarizeOverrides = Readonly<Record<string, SettingValue>>;

/** The flavors this library knows; `createSummarizer` picks the implementation by this name. */
export const SUMMARIZER_FLAVORS = ['onnx-seq2seq', 'extractive'] as const;
export type SummarizerFlavorName = (typeof SUMMARIZER_FLAVORS)[number];

export interface SummaryResult {
  summary: string;
  /** Tokens fed to the model (after truncation). The extractive flavor counts words. */
  tokensIn: number;
  /** Tokens generated (words selected, for the extractive flavor). */
  tokensOut: number;
  latencyMs: number;
  /** The input was cut to the model's max input tokens. */
  truncated: boolean;
  /** When each step happened (wall clock, ms), where the flavor measures them: the trace's model spans. */
  timings?: SummaryTimings;
}

/** Wall-clock milliseconds of one article's steps in the model. */
export interface SummaryTimings {
  startedAt: number;
  tokenizedAt: number;
  /** Generation runs per batch of articles: it may start after this article was tokenized. */
  generateStartedAt: number;
  generatedAt: number;
  endedAt: number;
}

export interface SummarizerDescription {
  flavor: SummarizerFlavorName;
  /** A local directory, a Hugging Face id, or `extractive-textrank` / `extractive-pacsum` / `extractive-lead`. */
  modelId: string;
  settings: SettingsRecord;
}

/** MLflow signature parameter types. */
export type ParamType = 'string' | 'long' | 'double' | 'boolean';

/** One generation setting as an MLflow signature `params` entry. */
export interface ParamSpec {
  name: string;
  type: ParamType;
  default: SettingValue;
  /** Settings fixed when the model loads (dtype, threads) cannot be overridden per call. */
  perCall: boolean;
  /** Allowed values for string settings. */
  choices?: readonly string[];
  /** Inclusive bounds for numeric settings. */
  min?: number;
  max?: number;
}

/**
 * The port every flavor implements. One instance holds one loaded model; `summarize` may be called
 * concurrently (calls are queued by the flavor when the model is single-threaded).
 */
export abstract class Summarizer {
  abstract readonly flavor: SummarizerFlavorName;

  /** Summarizes each article; results are in input order. Overrides apply to this call only. */
  abstract summarize(articles: string[], overrides?: SummarizeOverrides): Promise<SummaryResult[]>;

  abstract describe(): SummarizerDescription;

  /** The flavor's settings with their types and defaults (the MLmodel signature's `params`). */
  abstract paramSchema(): readonly ParamSpec[];

  /** Frees the model (ONNX sessions, worker thread). Idempotent. */
  abstract dispose(): Promise<void>;
}
