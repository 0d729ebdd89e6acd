import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  GateRejectedError,
  InvalidParameterError,
  InvalidStateError,
  normaliseStage,
  type GateDecisionView,
} from '@llmops/contract';
import { GatePolicy, ModelVersionJson, PlatformClient } from '../../client/platform-client';
import { CliRuntime, commandGroup, processRuntime, remoteAction, remoteOptions } from '../remote-command';
import { positiveInt } from '../runs/runs.command';
import {
  failedChecks,
  formatEvaluation,
  formatGatePolicy,
  formatHistory,
  formatHistoryAt,
  formatModels,
  formatRefusal,
  formatTransition,
  formatVersions,
} from './models.view';
import { rollbackPlan } from './rollback-plan';

export interface PromoteOptions {
  stage: string;
  gateMinRougeL?: number;
  gateMinRouge2?: number;
  gateMaxLatencyP95Ms?: number;
  gateMaxFailureRate?: number;
  gateMaxRegressionVsChampion?: number;
  evaluationRun?: string;
  overrideReason?: string;
  reason?: string;
  archiveExisting: boolean;
}

export interface TransitionAnswer {
  model_version: ModelVersionJson;
  gate_decision: GateDecisionView | null;
  archived_versions?: string[];
}

/** The gate policy the options state (undefined when none: the registry then refuses Production). */
export function gatePolicyOf(o: PromoteOptions): GatePolicy | undefined {
  const policy: GatePolicy = {};
  if (o.gateMinRougeL !== undefined) policy.min_rouge_l = o.gateMinRougeL;
  if (o.gateMinRouge2 !== undefined) policy.min_rouge_2 = o.gateMinRouge2;
  if (o.gateMaxLatencyP95Ms !== undefined) policy.max_latency_p95_ms = o.gateMaxLatencyP95Ms;
  if (o.gateMaxFailureRate !== undefined) policy.max_failure_rate = o.gateMaxFailureRate;
  if (o.gateMaxRegressionVsChampion !== undefined) policy.max_regression_vs_champion = o.gateMaxRegressionVsChampion;
  return Object.keys(policy).length ? policy : undefined;
}

/** A refusal with the decision that explains it (null when the gateway could not give it). */
export class PromotionRefused extends GateRejectedError {
  constructor(
    readonly refusal: InvalidStateError,
    readonly decision: GateDecisionView | null,
    readonly failed: string[],
  ) {
    super(refusal.message, { cause: refusal });
  }
}

/**
 * Moves a version to a stage through the registry's gate. A refusal over HTTP carries only a
 * message, so the decision (every check with its values) is fetched again as a dry run.
 */
export async function promote(
  client: PlatformClient,
  name: string,
  version: string,
  o: PromoteOptions,
): Promise<TransitionAnswer> {
  const body = {
    stage: o.stage,
    archive_existing_versions: o.archiveExisting,
    ...(o.reason ? { reason: o.reason } : {}),
    ...(gatePolicyOf(o) ? { gate: gatePolicyOf(o) } : {}),
    ...(o.evaluationRun ? { evaluation_run_id: o.evaluationRun } : {}),
    ...(o.overrideReason !== undefined ? { override_reason: o.overrideReason } : {}),
  };
  try {
    return (await client.transition(name, version, body)) as unknown as TransitionAnswer;
  } catch (error) {
    // The gate refuses with MLflow's INVALID_STATE (what every MLflow client understands).
    if (!(error instanceof InvalidStateError) || normaliseStage(o.stage) !== 'Production') throw error;
    const decision = await client
      .transition(name, version, { ...body, dry_run: true })
      .then((a) => (a.gate_decision as unknown as GateDecisionView | null) ?? null)
      .catch(() => null);
    throw new PromotionRefused(error, decision, failedChecks(decision, error.message));
  }
}

export interface RollbackResult extends TransitionAnswer {
  rolled_back_from: string[];
  rolled_back_to: string;
  reason: string;
  /** Always true: a rollback is an operator's decision, recorded as a gate override. */
  gate_overridden: true;
}

/**
 * Puts the previous Production version back, read from the transition history. The gate is not
 * evaluated: the rollback goes through the registry's override, so the history records who did it
 * and why.
 */
export async function rollback(client: PlatformClient, name: string, reason: string): Promise<RollbackResult> {
  if (reason.trim() === '') throw new InvalidParameterError('--reason must not be empty: a rollback needs a reason');
  const [versions, history] = await Promise.all([client.listAllVersions(name), client.historyEntries(name)]);
  const plan = rollbackPlan(name, versions, history);
  const from = plan.from.length ? `version ${plan.from.join(', ')}` : 'no version';
  const answer = (await client.transition(name, plan.to, {
    stage: 'Production',
    archive_existing_versions: true,
    reason: `rollback: ${reason}`,
    override_reason: `rollback from ${from} to version ${plan.to}: ${reason}`,
  })) as unknown as TransitionAnswer;
  return { ...answer, rolled_back_from: plan.from, rolled_back_to: plan.to, reason, gate_overridden: true };
}

function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number');
  return n;
}

/** `--at`: an ISO 8601 time (or epoch ms), checked here so a typo is a clear invalid input. */
export function parseInstant(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidParameterError(`--at '${value}' is not an ISO 8601 time (e.g. 2026-01-31T12:00:00Z)`);
  return ms;
}

/** A local dataset file is sent as an absolute path (the platform resolves paths on its side). */
function datasetPathOf(path: string): string {
  return existsSync(path) ? resolve(path) : path;
}

/** `llmops models list|versions|promote|rollback|history|evaluate` */
export function registerModelsCommand(program: Command, runtime: CliRuntime = processRuntime()): Command {
  const group = commandGroup(program, 'models', 'Model registry of a running platform', runtime);

  remoteOptions(group.command('list').description('Registered models'))
    .option('--filter <filter>', 'e.g. "name LIKE \'%news%\'"')
    .action(
      remoteAction<{ filter?: string }>(runtime, async (ctx, _args, opts) => {
        const models = await ctx.client.listRegisteredModels(opts.filter);
        ctx.print({ registered_models: models }, () => formatModels(models));
      }),
    );

  remoteOptions(group.command('versions').description("A model's versions with stage and aliases"))
    .argument('<name>')
    .action(
      remoteAction(runtime, async (ctx, [name]) => {
        const versions = await ctx.client.listAllVersions(name);
        ctx.print({ name, model_versions: versions }, () => formatVersions(versions));
      }),
    );

  remoteOptions(
    group
      .command('promote')
      .description('Move a version to a stage; Production must pass the promotion gate (exit 4 when refused)'),
  )
    .argument('<name>')
    .argument('<version>')
    .option('--stage <stage>', 'None | Staging | Production | Archived', 'Production')
    .option('--gate-min-rouge-l <x>', 'gate: minimum ROUGE-L F1 (0..1)', finiteNumber)
    .option('--gate-min-rouge-2 <x>', 'gate: minimum ROUGE-2 F1 (0..1)', finiteNumber)
    .option('--gate-max-latency-p95-ms <ms>', 'gate: maximum p95 latency per article', finiteNumber)
    .option('--gate-max-failure-rate <x>', 'gate: maximum failure rate (0..1)', finiteNumber)
    .option('--gate-max-regression-vs-champion <x>', 'gate: maximum ROUGE-L drop below Production', finiteNumber)
    .option('--evaluation-run <run_id>', 'the evaluation run the gate reads (from `models evaluate`)')
    .option('--override-reason <text>', 'promote even if the gate refuses (recorded in the history)')
    .option('--reason <text>', 'why (recorded in the history)')
    .option('--no-archive-existing', 'keep the versions already in the stage there')
    .action(
      remoteAction<PromoteOptions>(runtime, async (ctx, [name, version], opts) => {
        try {
          const answer = await promote(ctx.client, name, version, opts);
          ctx.print({ promoted: true, ...answer }, () => formatTransition(name, answer));
        } catch (error) {
          if (!(error instanceof PromotionRefused)) throw error;
          ctx.print({ promoted: false, gate_decision: error.decision, failed_checks: error.failed }, () =>
            formatRefusal(`models:/${name}/${version}`, opts.stage, error.failed),
          );
          throw error.refusal;
        }
      }),
    );

  remoteOptions(
    group
      .command('gate-policy')
      .description(
        "Show a model's promotion gate policy; with thresholds, store it (approver). Every promotion to " +
          "Production (also MLflow clients' transition_model_version_stage) is decided by it",
      ),
  )
    .argument('<name>')
    .option('--min-rouge-l <x>', 'minimum ROUGE-L F1 (0..1)', finiteNumber)
    .option('--min-rouge-2 <x>', 'minimum ROUGE-2 F1 (0..1)', finiteNumber)
    .option('--max-latency-p95-ms <ms>', 'maximum p95 latency per article', finiteNumber)
    .option('--max-failure-rate <x>', 'maximum failure rate (0..1)', finiteNumber)
    .option('--max-regression-vs-champion <x>', 'maximum ROUGE-L drop below Production', finiteNumber)
    .action(
      remoteAction<Record<string, number | undefined>>(runtime, async (ctx, [name], opts) => {
        const policy = gatePolicyOf({
          stage: 'Production',
          archiveExisting: false,
          gateMinRougeL: opts.minRougeL,
          gateMinRouge2: opts.minRouge2,
          gateMaxLatencyP95Ms: opts.maxLatencyP95Ms,
          gateMaxFailureRate: opts.maxFailureRate,
          gateMaxRegressionVsChampion: opts.maxRegressionVsChampion,
        });
        const answer = policy ? await ctx.client.setGatePolicy(name, policy) : await ctx.client.getGatePolicy(name);
        ctx.print(answer, () => formatGatePolicy(answer));
      }),
    );

  remoteOptions(
    group
      .command('rollback')
      .description('Put the previous Production version back (an operator override of the gate, with a reason)'),
  )
    .argument('<name>')
    .requiredOption('--reason <text>', 'why (recorded in the history with the override)')
    .action(
      remoteAction<{ reason: string }>(runtime, async (ctx, [name], opts) => {
        const result = await rollback(ctx.client, name, opts.reason);
        ctx.print(result, () =>
          [
            `Rolled back ${name}: Production is now version ${result.rolled_back_to}` +
              (result.rolled_back_from.length ? ` (was ${result.rolled_back_from.join(', ')})` : ''),
            'This used the promotion gate override (no gate evaluated); the reason is recorded in the history.',
          ].join('\n'),
        );
      }),
    );

  remoteOptions(
    group.command('history').description('Stage transitions and alias moves; or who held a stage at a time'),
  )
    .argument('<name>')
    .option('--at <time>', 'ISO 8601 time: which version held the stage (or alias) then')
    .option('--stage <stage>', 'with --at: the stage (default Production)')
    .option('--alias <alias>', 'with --at: an alias instead of a stage')
    .option('--version <version>', 'without --at: only this version')
    .action(
      remoteAction<{ at?: string; stage?: string; alias?: string; version?: string }>(
        runtime,
        async (ctx, [name], opts) => {
          if (opts.at !== undefined) {
            const at = parseInstant(opts.at);
            const holder = opts.alias ? { alias: opts.alias } : { stage: opts.stage ?? 'Production' };
            const answer = await ctx.client.historyAt(name, at, holder);
            ctx.print(answer, () => formatHistoryAt(answer));
            return;
          }
          const entries = await ctx.client.historyEntries(name, opts.version);
          ctx.print({ name, entries }, () => formatHistory(entries));
        },
      ),
    );

  remoteOptions(
    group.command('evaluate').description('Evaluate a version on a held-out JSONL set (ROUGE, latency, failure rate)'),
  )
    .argument('<name>')
    .argument('<version>')
    .requiredOption('--dataset <path>', 'JSONL of {"id","article","reference"}')
    .option('--limit <n>', 'only the first n articles', positiveInt)
    .action(
      remoteAction<{ dataset: string; limit?: number }>(runtime, async (ctx, [name, version], opts) => {
        const answer = await ctx.client.evaluate(name, version, datasetPathOf(opts.dataset), opts.limit);
        const view = answer as unknown as Parameters<typeof formatEvaluation>[0];
        ctx.print(answer, () => formatEvaluation(view));
      }),
    );
  return group;
}
