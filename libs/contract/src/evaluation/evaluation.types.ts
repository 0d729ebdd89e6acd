/**
 * Wire shapes of staging evaluation and the promotion gate (snake_case, as the platform REST API
 * answers them).
 */

/** Aggregate metrics of one evaluation run, as logged in tracking. */
export interface EvaluationMetricsView {
  /** Mean per-article F1 (0..1); a failed article counts as an empty summary (F1 0). */
  rouge1: number;
  rouge2: number;
  rougeL: number;
  rougeLsum: number;
  /** Over the articles that were summarized; null when none was. */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  /** Failed articles / articles, 0..1. */
  failure_rate: number;
  articles: number;
}

/** Metric keys of an evaluation run in tracking (what the gate reads back). */
export const EVALUATION_METRIC_KEYS = {
  rouge1: 'rouge1',
  rouge2: 'rouge2',
  rougeL: 'rougeL',
  rougeLsum: 'rougeLsum',
  latencyP50: 'latency_p50_ms',
  latencyP95: 'latency_p95_ms',
  failureRate: 'failure_rate',
  articles: 'articles',
} as const;

/** Run tags of an evaluation run: which model version it evaluated, on which data. */
export const EVALUATION_TAGS = {
  modelName: 'llmops.evaluation.model_name',
  modelVersion: 'llmops.evaluation.model_version',
  modelUri: 'llmops.evaluation.model_uri',
  datasetDigest: 'llmops.evaluation.dataset_digest',
  datasetPath: 'llmops.evaluation.dataset_path',
  /** Marks a run as an evaluation run (value 'true'). */
  kind: 'llmops.run_kind',
} as const;

export const EVALUATION_RUN_KIND = 'evaluation';

/** The experiment that holds a model's evaluation runs. */
export function evaluationExperimentName(modelName: string): string {
  return `${modelName}-evaluation`;
}

/**
 * What a promotion to Production must meet. Every threshold is optional, but a policy must state
 * at least one. `max_regression_vs_champion` bounds how far the candidate's ROUGE-L may fall below
 * the current Production version's latest evaluation (absolute F1, e.g. 0.01).
 */
export interface PromotionGatePolicy {
  min_rouge_l?: number;
  min_rouge_2?: number;
  max_latency_p95_ms?: number;
  max_failure_rate?: number;
  max_regression_vs_champion?: number;
}

export const GATE_POLICY_KEYS = [
  'min_rouge_l',
  'min_rouge_2',
  'max_latency_p95_ms',
  'max_failure_rate',
  'max_regression_vs_champion',
] as const;

/** `policy` and `evaluation` are preconditions; the others are the policy's thresholds. */
export type GateCheckName = 'policy' | 'evaluation' | (typeof GATE_POLICY_KEYS)[number];

export interface GateCheckView {
  check: GateCheckName;
  passed: boolean;
  /** The candidate's value (for the champion check: champion ROUGE-L minus candidate ROUGE-L). */
  actual: number | null;
  threshold: number | null;
  message: string;
}

export interface GateDecisionView {
  /** Every check passed. */
  passed: boolean;
  /** The transition went ahead on an operator's override (whatever `passed` says). */
  overridden: boolean;
  override_reason: string | null;
  model_uri: string;
  evaluation_run_id: string | null;
  policy: PromotionGatePolicy;
  /** The version in Production when the gate decided, and the evaluation run compared with. */
  champion: { version: string; evaluation_run_id: string | null; rouge_l: number | null } | null;
  checks: GateCheckView[];
  /** Epoch ms. */
  decided_at: number;
}
