import { splitSentences } from '../extractive/sentence-splitter';
import { porterStem } from './porter-stemmer';

/** Precision, recall and F1 of one ROUGE type, as rouge_score's `Score`. */
export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export const ROUGE_TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
export type RougeType = (typeof ROUGE_TYPES)[number];
export type RougeScores = Record<RougeType, RougeScore>;
/** Corpus-level ROUGE: the mean of per-pair F1 for each type (what HF `evaluate` reports). */
export type CorpusRouge = Record<RougeType, number> & { count: number };

export interface RougeOptions {
  /** Porter stemming of tokens longer than 3 characters (rouge_score's `use_stemmer`). Default true. */
  useStemmer?: boolean;
  /**
   * Split both texts into sentences (one per line) before ROUGE-Lsum, like rouge_score's
   * `split_summaries` (which uses NLTK punkt; this uses the library's news sentence splitter).
   * Default false: ROUGE-Lsum then splits on the newlines already in the text.
   */
  splitSummaries?: boolean;
}

/**
 * rouge_score's default tokenizer: lower-case, every run of characters outside [a-z0-9] becomes a
 * space, split on whitespace, stem tokens longer than 3 characters, keep only [a-z0-9]+ tokens.
 */
export function rougeTokenize(text: string, useStemmer = true): string[] {
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/);
  const out: string[] = [];
  for (const token of tokens) {
    const t = useStemmer && token.length > 3 ? porterStem(token) : token;
    if (/^[a-z0-9]+$/.test(t)) out.push(t);
  }
  return out;
}

/** Scores one prediction against one reference (rouge_score's `RougeScorer.score(target, prediction)`). */
export function scoreRouge(prediction: string, reference: string, options: RougeOptions = {}): RougeScores {
  const stem = options.useStemmer ?? true;
  const target = rougeTokenize(reference, stem);
  const pred = rougeTokenize(prediction, stem);
  const lines = (text: string) => (options.splitSummaries ? splitSentences(text).join('\n') : text);
  const sentences = (text: string) =>
    lines(text)
      .split('\n')
      .filter((s) => s.length > 0)
      .map((s) => rougeTokenize(s, stem));
  return {
    rouge1: scoreNgrams(ngrams(target, 1), ngrams(pred, 1)),
    rouge2: scoreNgrams(ngrams(target, 2), ngrams(pred, 2)),
    rougeL: scoreLcs(target, pred),
    rougeLsum: scoreSummaryLevelLcs(sentences(reference), sentences(prediction)),
  };
}

/** Mean of per-pair F1 for each ROUGE type. Zeros for an empty corpus, with `count: 0`. */
export function corpusRouge(
  pairs: ReadonlyArray<{ prediction: string; reference: string }>,
  options: RougeOptions = {},
): CorpusRouge {
  const sums: Record<RougeType, number> = { rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 };
  for (const pair of pairs) {
    const scores = scoreRouge(pair.prediction, pair.reference, options);
    for (const type of ROUGE_TYPES) sums[type] += scores[type].fmeasure;
  }
  const n = pairs.length;
  return {
    rouge1: n ? sums.rouge1 / n : 0,
    rouge2: n ? sums.rouge2 / n : 0,
    rougeL: n ? sums.rougeL / n : 0,
    rougeLsum: n ? sums.rougeLsum / n : 0,
    count: n,
  };
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function scoreNgrams(target: Map<string, number>, prediction: Map<string, number>): RougeScore {
  let overlap = 0;
  for (const [gram, count] of target) overlap += Math.min(count, prediction.get(gram) ?? 0);
  const targetCount = sum(target.values());
  const predictionCount = sum(prediction.values());
  const precision = overlap / Math.max(predictionCount, 1);
  const recall = overlap / Math.max(targetCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function lcsTable(ref: readonly string[], can: readonly string[]): number[][] {
  const rows = ref.length;
  const cols = can.length;
  const table: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) {
      table[i][j] = ref[i - 1] === can[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
    }
  }
  return table;
}

function scoreLcs(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsTable(target, prediction)[target.length][prediction.length];
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices into `ref` of one LCS with `can`, backtracked exactly as rouge_score's `_backtrack_norec`. */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const t = lcsTable(ref, can);
  let i = ref.length;
  let j = can.length;
  const lcs: number[] = [];
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      lcs.unshift(i - 1);
      i--;
      j--;
    } else if (t[i][j - 1] > t[i - 1][j]) {
      j--;
    } else {
      i--;
    }
  }
  return lcs;
}

/**
 * Summary-level LCS (ROUGE-Lsum): for each reference sentence, the union of its LCS with every
 * candidate sentence; a token counts as a hit while both sides still have unused occurrences.
 */
function scoreSummaryLevelLcs(refSents: string[][], canSents: string[][]): RougeScore {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  if (refSents.length === 0 || canSents.length === 0) return zero;
  const m = refSents.reduce((a, s) => a + s.length, 0);
  const n = canSents.reduce((a, s) => a + s.length, 0);
  if (!n || !m) return zero;
  const countsR = new Map<string, number>();
  const countsC = new Map<string, number>();
  for (const s of refSents) for (const t of s) countsR.set(t, (countsR.get(t) ?? 0) + 1);
  for (const s of canSents) for (const t of s) countsC.set(t, (countsC.get(t) ?? 0) + 1);
  let hits = 0;
  for (const ref of refSents) {
    const union = new Set<number>();
    for (const can of canSents) for (const index of lcsIndices(ref, can)) union.add(index);
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = ref[index];
      if ((countsC.get(token) ?? 0) > 0 && (countsR.get(token) ?? 0) > 0) {
        hits++;
        countsC.set(token, countsC.get(token)! - 1);
        countsR.set(token, countsR.get(token)! - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}
