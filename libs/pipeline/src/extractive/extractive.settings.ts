import { ParamSpec } from '../summarizer/summarizer';

/** Settings of the `extractive` flavor: deterministic, no weights. */
export interface ExtractiveSettings {
  /**
   * `textrank`: PageRank centrality + position prior. `pacsum`: directed (position-aware) centrality,
   * opt-in (it lost to Lead-3 on the held-out set, see docs/pipeline.md). `lead`: the first sentences.
   * The first two share redundancy control and the length budget.
   */
  method: 'textrank' | 'pacsum' | 'lead';
  maxSentences: number;
  /** Word budget of the summary; 0 means only `maxSentences` limits it. */
  maxWords: number;
  /** Weight of the position prior against centrality, 0..1. */
  positionWeight: number;
  /** A candidate whose cosine similarity to a chosen sentence exceeds this is skipped. */
  redundancyThreshold: number;
  /** PageRank damping factor (`textrank`). */
  damping: number;
  /** `pacsum`: weight of a sentence's similarity to the sentences after it (PacSum's lambda1). */
  forwardWeight: number;
  /** `pacsum`: weight of its similarity to the sentences before it (lambda2; negative penalises repeats). */
  backwardWeight: number;
  /** `pacsum`: similarities count above min + edgeThreshold x (max - min) of the article's pairs (beta). */
  edgeThreshold: number;
}

export const EXTRACTIVE_PARAMS: readonly ParamSpec[] = [
  { name: 'method', type: 'string', default: 'textrank', perCall: true, choices: ['textrank', 'pacsum', 'lead'] },
  { name: 'maxSentences', type: 'long', default: 3, perCall: true, min: 1, max: 100 },
  { name: 'maxWords', type: 'long', default: 65, perCall: true, min: 0, max: 10000 },
  { name: 'positionWeight', type: 'double', default: 0.85, perCall: true, min: 0, max: 1 },
  { name: 'redundancyThreshold', type: 'double', default: 0.3, perCall: true, min: 0, max: 1 },
  { name: 'damping', type: 'double', default: 0.85, perCall: true, min: 0, max: 1 },
  { name: 'forwardWeight', type: 'double', default: 0.3, perCall: true, min: -10, max: 10 },
  { name: 'backwardWeight', type: 'double', default: -0.7, perCall: true, min: -10, max: 10 },
  { name: 'edgeThreshold', type: 'double', default: 0.1, perCall: true, min: 0, max: 1 },
];

export interface ExtractiveSpec {
  flavor: 'extractive';
  settings?: Partial<ExtractiveSettings>;
}
