import { EvaluationMetricsView } from '@llmops/contract';
import { percentile, RougeType, ROUGE_TYPES, scoreRouge } from '@llmops/pipeline';

/** One held-out article and what the model made of it. */
export interface ArticleOutcome {
  id: string;
  article: string;
  reference: string;
  /** Null when summarizing the article failed. */
  prediction: string | null;
  latencyMs: number | null;
  error: string | null;
}

/** A row of the evaluation's per-article table (what goes in the run's logged predictions). */
export interface EvaluationRow extends ArticleOutcome {
  scores: Record<RougeType, number>;
}

/**
 * Scores each article (ROUGE F1 against its reference; a failed article scores 0, so failures
 * cannot flatter the means) and aggregates: F1 means over all articles, latency percentiles over
 * the summarized ones (null when none was), failure rate.
 */
export function scoreEvaluation(outcomes: readonly ArticleOutcome[]): {
  rows: EvaluationRow[];
  metrics: EvaluationMetricsView;
} {
  const rows = outcomes.map((o): EvaluationRow => {
    const scores = { rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 };
    if (o.prediction !== null) {
      // ROUGE-Lsum is summary-level: one sentence a line, as rouge_score's split_summaries does.
      const s = scoreRouge(o.prediction, o.reference, { splitSummaries: true });
      for (const type of ROUGE_TYPES) scores[type] = s[type].fmeasure;
    }
    return { ...o, scores };
  });
  const n = rows.length;
  const mean = (type: RougeType) => (n ? rows.reduce((sum, r) => sum + r.scores[type], 0) / n : 0);
  const latencies = rows.filter((r) => r.prediction !== null && r.latencyMs !== null).map((r) => r.latencyMs as number);
  const failures = rows.filter((r) => r.prediction === null).length;
  return {
    rows,
    metrics: {
      rouge1: mean('rouge1'),
      rouge2: mean('rouge2'),
      rougeL: mean('rougeL'),
      rougeLsum: mean('rougeLsum'),
      latency_p50_ms: latencies.length ? percentile(latencies, 50) : null,
      latency_p95_ms: latencies.length ? percentile(latencies, 95) : null,
      failure_rate: n ? failures / n : 0,
      articles: n,
    },
  };
}
