import { ParamSpec } from '../summarizer/summarizer';

/** Settings of the `extractive` flavor: deterministic, no weights. */
export interface ExtractiveSettings {
  /** `textrank`: graph centrality + position prior + redundancy control. `lead`: the first sentences. */
  method: 'textrank' | 'lead';
  maxSentences: number;
  /** Word budget of the summary; 0 means only `maxSentences` limits it. */
  maxWords: number;
  /** Weight of the position prior against centrality, 0..1. */
  positionWeight: number;
  /** A candidate whose cosine similarity to a chosen sentence exceeds this is skipped. */
  redundancyThreshold: number;
  /** PageRank damping factor. */
  damping: number;
}

export const EXTRACTIVE_PARAMS: readonly ParamSpec[] = [
  { name: 'method', type: 'string', default: 'textrank', perCall: true, choices: ['textrank', 'lead'] },
  { name: 'maxSentences', type: 'long', default: 3, perCall: true, min: 1, max: 100 },
  { name: 'maxWords', type: 'long', default: 65, perCall: true, min: 0, max: 10000 },
  { name: 'positionWeight', type: 'double', default: 0.85, perCall: true, min: 0, max: 1 },
  { name: 'redundancyThreshold', type: 'double', default: 0.3, perCall: true, min: 0, max: 1 },
  { name: 'damping', type: 'double', default: 0.85, perCall: true, min: 0, max: 1 },
];

export interface ExtractiveSpec {
  flavor: 'extractive';
  settings?: Partial<ExtractiveSettings>;
}
