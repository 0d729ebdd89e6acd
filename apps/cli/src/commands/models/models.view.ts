import type {
  EvaluationMetricsView,
  GateCheckView,
  GateDecisionView,
  HistoryEntryView,
  ModelHistoryAtResponse,
  RegisteredModelView,
} from '@llmops/contract';
import type { GatePolicyJson, ModelVersionJson } from '../../client/platform-client';
import { formatFields, formatTable, formatTime } from '../../output/table';

export function formatModels(models: RegisteredModelView[]): string {
  if (models.length === 0) return '(no registered models)';
  return formatTable(
    ['NAME', 'LATEST VERSIONS', 'ALIASES', 'UPDATED', 'DESCRIPTION'],
    models.map((m) => [
      m.name,
      (m.latest_versions ?? []).map((v) => `${v.current_stage}:${v.version}`).join(' '),
      (m.aliases ?? []).map((a) => `${a.alias}=${a.version}`).join(' '),
      formatTime(m.last_updated_timestamp),
      m.description,
    ]),
    { maxCellWidth: 50 },
  );
}

export function formatVersions(versions: ModelVersionJson[]): string {
  if (versions.length === 0) return '(no versions)';
  return formatTable(
    ['VERSION', 'STAGE', 'ALIASES', 'RUN ID', 'CREATED', 'SOURCE'],
    versions.map((v) => [
      v.version,
      v.current_stage,
      (v.aliases ?? []).join(','),
      v.run_id,
      formatTime(v.creation_timestamp),
      v.source,
    ]),
  );
}

export function formatChecks(checks: GateCheckView[]): string {
  return formatTable(
    ['', 'CHECK', 'ACTUAL', 'THRESHOLD', 'DETAIL'],
    checks.map((c) => [c.passed ? 'ok' : 'FAIL', c.check, c.actual, c.threshold, c.message]),
  );
}

/** The checks a refusal failed on, one line each (from the decision, or from the refusal's message). */
export function failedChecks(decision: GateDecisionView | null, refusalMessage: string): string[] {
  if (decision) return decision.checks.filter((c) => !c.passed).map((c) => `${c.check}: ${c.message}`);
  const clauses = refusalMessage.split(/refused by the gate:\s*/)[1];
  return clauses ? clauses.split('; ').filter((c) => c.trim() !== '') : [refusalMessage];
}

export function formatRefusal(modelUri: string, stage: string, failed: string[]): string {
  return [`The gate refused ${modelUri} -> ${stage}. Failed checks:`, ...failed.map((f) => `  FAIL ${f}`)].join('\n');
}

export function formatTransition(
  name: string,
  answer: { model_version: ModelVersionJson; gate_decision?: GateDecisionView | null; archived_versions?: string[] },
): string {
  const v = answer.model_version;
  const out = [`models:/${name}/${v.version} is now in ${v.current_stage}`];
  if (answer.archived_versions?.length) out.push(`archived: version ${answer.archived_versions.join(', ')}`);
  const d = answer.gate_decision;
  if (d) {
    if (d.overridden) out.push(`gate OVERRIDDEN by the operator: ${d.override_reason ?? ''}`);
    else out.push('gate passed');
    if (d.checks.length) out.push(formatChecks(d.checks));
  }
  return out.join('\n');
}

export function formatHistory(entries: HistoryEntryView[]): string {
  if (entries.length === 0) return '(no history)';
  return formatTable(
    ['TIME', 'VERSION', 'ACTION', 'FROM', 'TO', 'ALIAS', 'USER', 'OVERRIDE', 'EVALUATION RUN', 'REASON'],
    entries.map((e) => [
      formatTime(e.timestamp),
      e.version,
      e.action,
      e.from_stage,
      e.to_stage,
      e.alias,
      e.user_id,
      e.override ? 'yes' : '',
      e.evaluation_run_id,
      e.reason,
    ]),
    { maxCellWidth: 60 },
  );
}

export function formatHistoryAt(answer: ModelHistoryAtResponse): string {
  const holder = answer.stage ? `stage ${answer.stage}` : `alias @${answer.alias}`;
  const who = answer.version === null ? 'no version' : `version ${answer.version}`;
  const all = answer.stage && answer.versions.length > 1 ? ` (all in the stage: ${answer.versions.join(', ')})` : '';
  return `At ${formatTime(answer.at)}, ${holder} of ${answer.name} was held by ${who}${all}`;
}

export function formatEvaluation(answer: {
  evaluation_run_id: string;
  model_uri?: string;
  dataset_digest?: string;
  metrics: Partial<EvaluationMetricsView> & Record<string, number | null>;
}): string {
  return [
    formatFields([
      ['evaluation_run_id', answer.evaluation_run_id],
      ['model_uri', answer.model_uri],
      ['dataset_digest', answer.dataset_digest],
    ]),
    '',
    formatTable(
      ['METRIC', 'VALUE'],
      Object.entries(answer.metrics).map(([k, v]) => [k, v]),
    ),
    '',
    `promote with: --evaluation-run ${answer.evaluation_run_id}`,
  ].join('\n');
}

/** A model's gate policy, one threshold a line, and where it comes from. */
export function formatGatePolicy(answer: GatePolicyJson): string {
  const origin =
    answer.source === 'model'
      ? `stored for ${answer.name}${answer.user_id ? ` by ${answer.user_id}` : ''}`
      : answer.source === 'default'
        ? "the registry's default (GATE_DEFAULT_POLICY)"
        : 'none: promotions to Production are refused until a policy is stored';
  const lines = [`Gate policy of ${answer.name}: ${origin}`];
  for (const [key, value] of Object.entries(answer.policy ?? {})) lines.push(`  ${key}  ${value}`);
  return lines.join('\n');
}
