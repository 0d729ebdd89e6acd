import { ErrorCode, GateRejectedError } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { ModelVersion, RegisteredModel } from '../../domain/registry.model';
import { Clock } from '../../ports/clock.port';
import { RegistryStore } from '../../ports/registry.store';
import { TransitionStageCommand, TransitionStageHandler } from '../../stages/transition-stage.handler';
import { IssuedGateDecisions } from '../domain/issued-gate-decisions';
import { EvaluationEvidence, EvaluationRuns } from '../ports/evaluation-runs.port';
import { GatePolicyHandler } from '../gate-policy/gate-policy.handler';
import { GatedTransitionHandler } from './gated-transition.handler';
import { platformMetrics } from '@llmops/observability';

/** Gate decisions counted so far with this verdict (the process's platform metrics). */
async function decisions(verdict: string): Promise<number> {
  const metric = await platformMetrics.gateDecisions().get();
  return metric.values.find((v) => v.labels.verdict === verdict)?.value ?? 0;
}

const mv = (version: number, stage: ModelVersion['stage']) => ({ name: 'news', version, stage }) as ModelVersion;

function evidence(runId: string, version: number, rougeL: number): EvaluationEvidence {
  return {
    runId,
    status: 'FINISHED',
    modelName: 'news',
    modelVersion: String(version),
    datasetDigest: 'd1',
    metrics: { rougeL, failure_rate: 0 },
    startTime: 0,
  };
}

class FakeRuns extends EvaluationRuns {
  runs = new Map<string, EvaluationEvidence>();
  latestAsked: Array<[number, string | null]> = [];
  async get(runId: string) {
    return this.runs.get(runId) ?? null;
  }
  async latestFor(_name: string, version: number, digest: string | null) {
    this.latestAsked.push([version, digest]);
    return [...this.runs.values()].find((r) => r.modelVersion === String(version)) ?? null;
  }
}

function setup(versions: ModelVersion[]) {
  const store = {
    listVersions: async () => versions,
    findModel: async (name: string) => (name === 'news' ? ({ name } as RegisteredModel) : null),
  } as unknown as RegistryStore;
  const runs = new FakeRuns();
  const transitions: TransitionStageCommand[] = [];
  const transition = {
    execute: async (cmd: TransitionStageCommand) => {
      transitions.push(cmd);
      return { version: mv(cmd.version, 'Production'), archived: [] };
    },
  } as unknown as TransitionStageHandler;
  const issued = new IssuedGateDecisions();
  const clock: Clock = { now: () => 42 };
  return { handler: new GatedTransitionHandler(store, runs, transition, issued, clock), runs, transitions, issued };
}

const base = { name: 'news', stage: 'Production', userId: 'ann', gate: { max_regression_vs_champion: 0.01 } };

describe('GatedTransitionHandler', () => {
  it('compares with the latest version in Production, on the candidate dataset, and carries the decision', async () => {
    const { handler, runs, transitions, issued } = setup([mv(1, 'Production'), mv(2, 'Production'), mv(3, 'None')]);
    runs.runs.set('r2', evidence('r2', 2, 0.4));
    runs.runs.set('r3', evidence('r3', 3, 0.45));
    const result = await handler.execute({ ...base, version: 3, evaluationRunId: 'r3' });
    expect(runs.latestAsked).toEqual([[2, 'd1']]);
    expect(result.decision).toMatchObject({
      passed: true,
      champion: { version: '2', evaluation_run_id: 'r2' },
      decided_at: 42,
    });
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ version: 3, override: false });
    expect(issued.decisionOf(transitions[0].evaluation!)).toBe(result.decision);
  });

  it('decides two simultaneous promotions of a model one after the other', async () => {
    const versions = [mv(1, 'Production'), mv(2, 'None'), mv(3, 'None')];
    const { handler, runs, transitions } = setup(versions);
    runs.runs.set('r1', evidence('r1', 1, 0.3));
    runs.runs.set('r2', evidence('r2', 2, 0.5));
    runs.runs.set('r3', evidence('r3', 3, 0.4));
    // The fake transition moves the version to Production, as the real one would.
    const real = (handler as any).transition.execute;
    (handler as any).transition.execute = async (cmd: TransitionStageCommand) => {
      for (const v of versions) if (v.stage === 'Production') v.stage = 'Archived';
      versions.find((v) => v.version === cmd.version)!.stage = 'Production';
      return real(cmd);
    };
    const [a, b] = await Promise.allSettled([
      handler.execute({ ...base, version: 2, evaluationRunId: 'r2' }),
      handler.execute({ ...base, version: 3, evaluationRunId: 'r3' }),
    ]);
    expect(a.status).toBe('fulfilled');
    // v3 was compared with v2 (the champion by then), not with v1: 0.4 is 0.1 below 0.5.
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason.message).toMatch(/below champion version 2/);
    expect(transitions.map((t) => t.version)).toEqual([2]);
  });

  it('refuses a worse candidate without touching the stages', async () => {
    const { handler, runs, transitions } = setup([mv(1, 'Production'), mv(2, 'None')]);
    runs.runs.set('r1', evidence('r1', 1, 0.5));
    runs.runs.set('r2', evidence('r2', 2, 0.3));
    const rejectedBefore = await decisions('rejected');
    const error = await rejectionOf(handler.execute({ ...base, version: 2, evaluationRunId: 'r2' }));
    expect(await decisions('rejected')).toBe(rejectedBefore + 1);
    expect(error).toBeInstanceOf(GateRejectedError);
    expect(error.message).toMatch(/below champion version 1/);
    expect(error.details?.gate_decision).toMatchObject({ passed: false });
    expect(transitions).toEqual([]);
  });

  it('goes ahead on an override with a reason, recording it', async () => {
    const { handler, runs, transitions } = setup([mv(1, 'Production'), mv(2, 'None')]);
    runs.runs.set('r1', evidence('r1', 1, 0.5));
    runs.runs.set('r2', evidence('r2', 2, 0.3));
    const overriddenBefore = await decisions('overridden');
    const result = await handler.execute({ ...base, version: 2, evaluationRunId: 'r2', overrideReason: 'incident' });
    expect(result.decision).toMatchObject({ passed: false, overridden: true, override_reason: 'incident' });
    expect(await decisions('overridden')).toBe(overriddenBefore + 1);
    expect(transitions[0]).toMatchObject({ override: true, reason: 'incident' });
  });

  it('answers a dry run with the decision and changes nothing, even when the gate refuses', async () => {
    const { handler, runs, transitions } = setup([mv(1, 'Production'), mv(2, 'Staging')]);
    runs.runs.set('r1', evidence('r1', 1, 0.5));
    runs.runs.set('r2', evidence('r2', 2, 0.3));
    const result = await handler.execute({ ...base, version: 2, evaluationRunId: 'r2', dryRun: true });
    expect(result).toMatchObject({ dryRun: true, archived: [], version: { version: 2, stage: 'Staging' } });
    expect(result.decision).toMatchObject({ passed: false });
    expect(transitions).toEqual([]);
    const staging = await handler.execute({ ...base, stage: 'staging', version: 2, dryRun: true });
    expect(staging.decision).toBeNull();
    expect((await rejectionOf(handler.execute({ ...base, stage: 'Prod', version: 2, dryRun: true }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    expect(transitions).toEqual([]);
  });

  it('needs no gate for other stages', async () => {
    const { handler, transitions } = setup([mv(1, 'None')]);
    const result = await handler.execute({ name: 'news', version: 1, stage: 'staging', userId: 'ann' });
    expect(result.decision).toBeNull();
    expect(transitions[0].evaluation).toBeUndefined();
  });

  it('answers not found for an unknown model or version', async () => {
    const { handler } = setup([mv(1, 'None')]);
    expect((await rejectionOf(handler.execute({ ...base, version: 9 }))).message).toMatch(/version 9 not found/);
    const unknown = await rejectionOf(handler.execute({ ...base, name: 'other', version: 9 }));
    expect(unknown.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    expect(unknown.message).toMatch(/Registered model 'other' not found/);
  });
});

describe('GatedTransitionHandler with a stored policy (issue 11: MLflow clients promote the gated way)', () => {
  function withPolicy(policy: Record<string, number> | null) {
    const s = setup([mv(1, 'None')]);
    const policies = { effective: async () => policy } as unknown as GatePolicyHandler;
    const handler = new GatedTransitionHandler(
      { listVersions: async () => [mv(1, 'None')] } as unknown as RegistryStore,
      s.runs,
      {
        execute: async (cmd: TransitionStageCommand) => ({ version: mv(cmd.version, 'Production'), archived: [] }),
      } as unknown as TransitionStageHandler,
      s.issued,
      { now: () => 42 },
      policies,
    );
    return { ...s, handler };
  }

  it("decides by the stored policy and the version's latest recorded evaluation when the request names neither", async () => {
    const { handler, runs } = withPolicy({ min_rouge_l: 0.5 });
    runs.runs.set('r1', evidence('r1', 1, 0.6));
    const r = await handler.execute({ name: 'news', version: 1, stage: 'Production', userId: 'ann' });
    expect(r.decision).toMatchObject({ passed: true, evaluation_run_id: 'r1', policy: { min_rouge_l: 0.5 } });
  });

  it("never lets a request's own policy loosen the stored one", async () => {
    const { handler, runs } = withPolicy({ min_rouge_l: 0.7 });
    runs.runs.set('r1', evidence('r1', 1, 0.6));
    const refused = await rejectionOf(
      handler.execute({ name: 'news', version: 1, stage: 'Production', userId: 'ann', gate: { min_rouge_l: 0.1 } }),
    );
    expect(refused).toBeInstanceOf(GateRejectedError);
    expect(refused.code).toBe(ErrorCode.INVALID_STATE);
    expect(refused.message).toMatch(/ROUGE-L 0.6 < min_rouge_l 0.7/);
  });

  it('refuses without any policy, naming every failed check', async () => {
    const { handler } = withPolicy(null);
    const refused = await rejectionOf(
      handler.execute({ name: 'news', version: 1, stage: 'Production', userId: 'ann' }),
    );
    expect(refused.message).toMatch(/no gate policy stated .*; no evaluation run given for models:\/news\/1/);
  });
});
