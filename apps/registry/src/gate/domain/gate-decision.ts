import {
  EVALUATION_METRIC_KEYS,
  GATE_POLICY_KEYS,
  GateCheckView,
  GateDecisionView,
  PromotionGatePolicy,
} from '@llmops/contract';
import { EvaluationEvidence } from '../ports/evaluation-runs.port';

export interface GateInput {
  name: string;
  version: number;
  policy: PromotionGatePolicy | null;
  /** The evaluation run the caller named (null: none named). */
  evaluationRunId: string | null;
  /** That run as tracking has it (null: not found, or none named). */
  candidate: EvaluationEvidence | null;
  /** The version in Production (other than the candidate), with its latest evaluation. */
  champion: { version: number; evaluation: EvaluationEvidence | null } | null;
  overrideReason: string | null;
  now: number;
}

const M = EVALUATION_METRIC_KEYS;
/** Float noise must not turn an equal score into a regression. */
const EPSILON = 1e-9;

/**
 * The promotion gate, a pure function of the policy and the evaluations: every check is listed
 * with its values, so the decision explains itself in the history and in a refusal.
 */
export function decideGate(input: GateInput): GateDecisionView {
  const modelUri = `models:/${input.name}/${input.version}`;
  const policy = cleanPolicy(input.policy);
  const checks: GateCheckView[] = [policyCheck(policy)];
  const evaluation = evaluationCheck(input, modelUri);
  checks.push(evaluation);
  const usable = evaluation.passed ? input.candidate : null;

  if (policy.min_rouge_l !== undefined) {
    checks.push(atLeast('min_rouge_l', 'ROUGE-L', metric(usable, M.rougeL), policy.min_rouge_l));
  }
  if (policy.min_rouge_2 !== undefined) {
    checks.push(atLeast('min_rouge_2', 'ROUGE-2', metric(usable, M.rouge2), policy.min_rouge_2));
  }
  if (policy.max_latency_p95_ms !== undefined) {
    checks.push(
      atMost('max_latency_p95_ms', 'p95 latency (ms)', metric(usable, M.latencyP95), policy.max_latency_p95_ms),
    );
  }
  if (policy.max_failure_rate !== undefined) {
    checks.push(atMost('max_failure_rate', 'failure rate', metric(usable, M.failureRate), policy.max_failure_rate));
  }
  let champion: GateDecisionView['champion'] = null;
  if (input.champion) {
    const rougeL = metric(input.champion.evaluation, M.rougeL);
    champion = {
      version: String(input.champion.version),
      evaluation_run_id: input.champion.evaluation?.runId ?? null,
      rouge_l: rougeL,
    };
  }
  if (policy.max_regression_vs_champion !== undefined) {
    checks.push(championCheck(input, metric(usable, M.rougeL), policy.max_regression_vs_champion));
  }

  const overrideReason = input.overrideReason?.trim() ? input.overrideReason : null;
  return {
    passed: checks.every((c) => c.passed),
    overridden: overrideReason !== null,
    override_reason: overrideReason,
    model_uri: modelUri,
    evaluation_run_id: input.evaluationRunId,
    policy,
    champion,
    checks,
    decided_at: input.now,
  };
}

/** The refusal's message: one clause per failed check. */
export function rejectionMessage(decision: GateDecisionView): string {
  const failed = decision.checks.filter((c) => !c.passed).map((c) => c.message);
  return `Promotion of ${decision.model_uri} to Production refused by the gate: ${failed.join('; ')}`;
}

function cleanPolicy(policy: PromotionGatePolicy | null): PromotionGatePolicy {
  const out: PromotionGatePolicy = {};
  for (const key of GATE_POLICY_KEYS) {
    const value = policy?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

function policyCheck(policy: PromotionGatePolicy): GateCheckView {
  const stated = Object.keys(policy).length > 0;
  return {
    check: 'policy',
    passed: stated,
    actual: null,
    threshold: null,
    message: stated
      ? `policy states ${Object.keys(policy).join(', ')}`
      : `no gate policy stated (give at least one of ${GATE_POLICY_KEYS.join(', ')})`,
  };
}

function evaluationCheck(input: GateInput, modelUri: string): GateCheckView {
  const fail = (message: string): GateCheckView => ({
    check: 'evaluation',
    passed: false,
    actual: null,
    threshold: null,
    message,
  });
  if (input.evaluationRunId === null) return fail(`no evaluation run given for ${modelUri} (evaluate it first)`);
  const run = input.candidate;
  // Only evaluations the evaluation service recorded count: a run made to look like one does not.
  if (run === null) return fail(`evaluation run ${input.evaluationRunId} was not recorded by the evaluation service`);
  if (run.modelName !== input.name || run.modelVersion !== String(input.version)) {
    const what =
      run.modelName === null ? 'is not an evaluation run' : `evaluates models:/${run.modelName}/${run.modelVersion}`;
    return fail(`evaluation run ${run.runId} ${what}, not ${modelUri}`);
  }
  if (run.status !== 'FINISHED') return fail(`evaluation run ${run.runId} is ${run.status}, not FINISHED`);
  return { check: 'evaluation', passed: true, actual: null, threshold: null, message: `evaluation run ${run.runId}` };
}

function metric(run: EvaluationEvidence | null, key: string): number | null {
  const value = run?.metrics[key];
  return typeof value === 'number' && !Number.isNaN(value) ? value : null;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '');
}

function atLeast(
  check: GateCheckView['check'],
  label: string,
  actual: number | null,
  threshold: number,
): GateCheckView {
  if (actual === null) return missing(check, label, threshold);
  const passed = actual >= threshold - EPSILON;
  return {
    check,
    passed,
    actual,
    threshold,
    message: `${label} ${fmt(actual)} ${passed ? '>=' : '<'} ${check} ${fmt(threshold)}`,
  };
}

function atMost(check: GateCheckView['check'], label: string, actual: number | null, threshold: number): GateCheckView {
  if (actual === null) return missing(check, label, threshold);
  const passed = actual <= threshold + EPSILON;
  return {
    check,
    passed,
    actual,
    threshold,
    message: `${label} ${fmt(actual)} ${passed ? '<=' : '>'} ${check} ${fmt(threshold)}`,
  };
}

function missing(check: GateCheckView['check'], label: string, threshold: number): GateCheckView {
  return {
    check,
    passed: false,
    actual: null,
    threshold,
    message: `${label} unknown: no usable evaluation for ${check}`,
  };
}

function championCheck(input: GateInput, candidateRougeL: number | null, threshold: number): GateCheckView {
  const check = 'max_regression_vs_champion';
  if (input.champion === null) {
    return { check, passed: true, actual: null, threshold, message: 'no champion in Production to compare with' };
  }
  const champ = `champion version ${input.champion.version}`;
  const championRougeL = metric(input.champion.evaluation, M.rougeL);
  if (championRougeL === null) {
    return {
      check,
      passed: false,
      actual: null,
      threshold,
      message: `${champ} has no evaluation run with ROUGE-L to compare with (evaluate it, or override)`,
    };
  }
  if (candidateRougeL === null) return missing(check, 'ROUGE-L', threshold);
  const regression = championRougeL - candidateRougeL;
  const passed = regression <= threshold + EPSILON;
  // The champion's latest evaluation on the candidate's data is preferred; say when there was none.
  const otherData =
    input.candidate?.datasetDigest && input.champion.evaluation?.datasetDigest !== input.candidate.datasetDigest
      ? ` (champion evaluated on dataset ${input.champion.evaluation?.datasetDigest ?? 'unknown'}, candidate on ${input.candidate.datasetDigest})`
      : '';
  return {
    check,
    passed,
    actual: regression,
    threshold,
    message:
      (passed
        ? `ROUGE-L ${fmt(candidateRougeL)} vs ${champ} ${fmt(championRougeL)}: within ${fmt(threshold)}`
        : `ROUGE-L ${fmt(candidateRougeL)} is ${fmt(regression)} below ${champ} (${fmt(championRougeL)}), more than max_regression_vs_champion ${fmt(threshold)}`) +
      otherData,
  };
}
