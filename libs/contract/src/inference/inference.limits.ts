/** Bounds of one summarize request (a NATS message is at most 1 MB by default). */
export const INFERENCE_LIMITS = {
  maxArticlesPerRequest: 64,
  /**
   * Characters kept of one article before tokenizing: far more than any model's input window, so
   * only absurd inputs are cut here (the model truncates to its token limit; both set `truncated`).
   */
  maxArticleChars: 100_000,
} as const;

/** The built-in extractive baseline, servable without any package (`model_uri: "extractive"`). */
export const BUILTIN_EXTRACTIVE_MODEL_URI = 'extractive';
