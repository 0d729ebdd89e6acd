import { porterStem } from '../rouge/porter-stemmer';
import { ExtractiveSettings } from './extractive.settings';
import { directedCentrality } from './pacsum';

/** Function words that carry no topic; kept short on purpose (news content words matter). */
const STOPWORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be ' +
    "been being am do does did done have has had having it its it's this that these those he she they we i you his her " +
    'their our your my me him them us who whom whose which what when where why how not no nor so than too very can could ' +
    'will would shall should may might must also just only there here said says say according s t one two its all any ' +
    'some such more most other out up down off again further once after before while during because until against between ' +
    'through above below both each few own same'
  ).split(/\s+/),
);

/** Content terms of a sentence: lower-cased alphanumerics, stop words out, Porter-stemmed. */
export function contentTerms(sentence: string): string[] {
  const out: string[] = [];
  for (const raw of sentence.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    out.push(raw.length > 3 ? porterStem(raw) : raw);
  }
  return out;
}

export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

type SparseVector = Map<string, number>;

/** TF-IDF vectors (sublinear tf, smoothed idf over the article's own sentences), L2-normalised. */
export function tfidfVectors(termLists: readonly string[][]): SparseVector[] {
  const n = termLists.length;
  const df = new Map<string, number>();
  for (const terms of termLists) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  return termLists.map((terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * (Math.log((n + 1) / ((df.get(t) ?? 0) + 1)) + 1);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  return dot;
}

/**
 * Personalised PageRank over the sentence-similarity graph (LexRank with continuous weights): the
 * teleport distribution is the position prior, so central sentences near the top of the story win.
 */
export function pageRank(sim: number[][], teleport: number[], damping: number, iterations = 100): number[] {
  const n = sim.length;
  const rowSums = sim.map((row) => row.reduce((a, b) => a + b, 0));
  let rank = teleport.slice();
  for (let it = 0; it < iterations; it++) {
    const next = teleport.map((t) => (1 - damping) * t);
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      if (rowSums[i] === 0) {
        dangling += rank[i];
        continue;
      }
      for (let j = 0; j < n; j++) if (sim[i][j] > 0) next[j] += (damping * rank[i] * sim[i][j]) / rowSums[i];
    }
    for (let j = 0; j < n; j++) next[j] += damping * dangling * teleport[j];
    let delta = 0;
    for (let j = 0; j < n; j++) delta += Math.abs(next[j] - rank[j]);
    rank = next;
    if (delta < 1e-10) break;
  }
  return rank;
}

/** Pairwise cosine similarities; the diagonal is 0. */
export function similarityMatrix(vectors: readonly SparseVector[]): number[][] {
  const n = vectors.length;
  const sim: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i], vectors[j]);
      sim[i][j] = s;
      sim[j][i] = s;
    }
  }
  return sim;
}

/** TextRank score: PageRank centrality mixed with the position prior by `positionWeight`. */
function textRankScores(sim: number[][], settings: ExtractiveSettings): number[] {
  // Position prior: news puts the gist first (the lead), decaying with position.
  const prior = sim.map((_, i) => 1 / Math.sqrt(i + 1));
  const priorSum = prior.reduce((a, b) => a + b, 0);
  const teleport = prior.map((p) => p / priorSum);
  const centrality = pageRank(sim, teleport, settings.damping);
  const maxCentrality = Math.max(...centrality) || 1;
  return centrality.map(
    (c, i) => (1 - settings.positionWeight) * (c / maxCentrality) + settings.positionWeight * prior[i],
  );
}

/** Sentences too short to stand alone in a summary (datelines, captions, "Image: ..."). */
const MIN_WORDS = 6;

/** Indices of the sentences to keep, in article order. Deterministic: ties break by position. */
export function selectSentences(sentences: readonly string[], settings: ExtractiveSettings): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const words = sentences.map(wordCount);
  if (settings.method === 'lead') return withinBudget([...Array(n).keys()], words, settings);

  const terms = sentences.map(contentTerms);
  const sim = similarityMatrix(tfidfVectors(terms));
  const score =
    settings.method === 'pacsum'
      ? directedCentrality(sim, settings.edgeThreshold, settings.forwardWeight, settings.backwardWeight)
      : textRankScores(sim, settings);
  const eligible = [...Array(n).keys()].filter((i) => words[i] >= MIN_WORDS && terms[i].length > 0);
  const order = (eligible.length > 0 ? eligible : [...Array(n).keys()]).sort((a, b) => score[b] - score[a] || a - b);

  // Greedy selection with redundancy control (skip near-duplicates of a chosen sentence).
  const chosen: number[] = [];
  let total = 0;
  for (const i of order) {
    if (chosen.length >= settings.maxSentences) break;
    if (chosen.some((c) => sim[i][c] > settings.redundancyThreshold)) continue;
    if (settings.maxWords > 0 && total + words[i] > settings.maxWords && chosen.length > 0) continue;
    chosen.push(i);
    total += words[i];
  }
  return chosen.sort((a, b) => a - b);
}

function withinBudget(order: number[], words: number[], settings: ExtractiveSettings): number[] {
  const chosen: number[] = [];
  let total = 0;
  for (const i of order) {
    if (chosen.length >= settings.maxSentences) break;
    if (settings.maxWords > 0 && total + words[i] > settings.maxWords && chosen.length > 0) break;
    chosen.push(i);
    total += words[i];
  }
  return chosen;
}
