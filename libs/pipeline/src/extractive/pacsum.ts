/**
 * Position-aware directed centrality (PacSum, Zheng & Lapata 2019, "Sentence Centrality Revisited
 * for Unsupervised Summarization", tf-idf variant). Edges point forward in the article; a sentence
 * scores `forwardWeight` x (its similarity to the sentences after it) + `backwardWeight` x (its
 * similarity to the sentences before it). A negative `backwardWeight` penalises a sentence that
 * repeats something already said, which is how news puts the gist first without a position prior.
 * Only similarities above `min + threshold x (max - min)` (off-diagonal) count, each as its excess
 * over that bar, so weak overlaps (shared names, dates) do not add up to centrality. (PacSum's own
 * code takes min/max over the whole matrix, self-similarity 1 included; off-diagonal adapts the bar
 * to the article.) Similarity here is the cosine of the TF-IDF vectors, not PacSum's idf dot product.
 */
export function directedCentrality(
  sim: readonly (readonly number[])[],
  threshold: number,
  forwardWeight: number,
  backwardWeight: number,
): number[] {
  const n = sim.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (sim[i][j] < min) min = sim[i][j];
      if (sim[i][j] > max) max = sim[i][j];
    }
  }
  const forward = new Array<number>(n).fill(0);
  const backward = new Array<number>(n).fill(0);
  if (n < 2) return forward;
  const bar = min + threshold * (max - min);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const excess = sim[i][j] - bar;
      if (excess <= 0) continue;
      forward[i] += excess; // i is similar to a later sentence j
      backward[j] += excess; // j is similar to an earlier sentence i
    }
  }
  return forward.map((f, i) => forwardWeight * f + backwardWeight * backward[i]);
}
