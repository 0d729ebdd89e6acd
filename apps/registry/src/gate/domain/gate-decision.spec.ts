import { GateCheckView } from '@llmops/contract';
import { EvaluationEvidence } from '../ports/evaluation-runs.port';
import { decideGate, GateInput, rejectionMessage } from './gate-decision';

function run(over: Partial<EvaluationEvidence> & { metrics?: Record<string, number> } = {}): EvaluationEvidence {
  return {
    runId: 'r-cand',
    status: 'FINISHED',
    modelName: 'news',
    modelVersion: '2',
    datasetDigest: 'abcd1234',
    startTime: 1,
    ...over,
    metrics: {
      rouge1: 0.4,
      rouge2: 0.2,
      rougeL: 0.35,
      rougeLsum: 0.36,
      latency_p95_ms: 800,
      failure_rate: 0,
      ...over.metrics,
    },
  };
}

function input(over: Partial<GateInput> = {}): GateInput {
  return {
    name: 'news',
    version: 2,
    policy: { min_rouge_l: 0.3 },
    evaluationRunId: 'r-cand',
    candidate: run(),
    champion: null,
    overrideReason: null,
    now: 1000,
    ...over,
  };
}

function check(checks: GateCheckView[], name: string): GateCheckView {
  const found = checks.find((c) => c.check === name);
  if (!found) throw new Error(`no check ${name} in ${JSON.stringify(checks)}`);
  return found;
}

describe('decideGate', () => {
  it('passes when every stated threshold is met, listing each check with its values', () => {
    const d = decideGate(
      input({ policy: { min_rouge_l: 0.3, min_rouge_2: 0.2, max_latency_p95_ms: 1000, max_failure_rate: 0.05 } }),
    );
    expect(d.passed).toBe(true);
    expect(d.overridden).toBe(false);
    expect(d.model_uri).toBe('models:/news/2');
    expect(d.checks.map((c) => c.check)).toEqual([
      'policy',
      'evaluation',
      'min_rouge_l',
      'min_rouge_2',
      'max_latency_p95_ms',
      'max_failure_rate',
    ]);
    expect(check(d.checks, 'min_rouge_l')).toMatchObject({ passed: true, actual: 0.35, threshold: 0.3 });
    expect(check(d.checks, 'max_latency_p95_ms')).toMatchObject({ passed: true, actual: 800, threshold: 1000 });
  });

  it.each([
    ['min_rouge_l', { min_rouge_l: 0.5 }, { rougeL: 0.35 }, /ROUGE-L 0.35 < min_rouge_l 0.5/],
    ['min_rouge_2', { min_rouge_2: 0.25 }, { rouge2: 0.2 }, /ROUGE-2 0.2 < min_rouge_2 0.25/],
    [
      'max_latency_p95_ms',
      { max_latency_p95_ms: 500 },
      { latency_p95_ms: 800 },
      /p95 latency \(ms\) 800 > max_latency_p95_ms 500/,
    ],
    ['max_failure_rate', { max_failure_rate: 0.1 }, { failure_rate: 0.25 }, /failure rate 0.25 > max_failure_rate 0.1/],
  ])('fails %s when the candidate misses it', (name, policy, metrics, message) => {
    const d = decideGate(input({ policy, candidate: run({ metrics }) }));
    expect(d.passed).toBe(false);
    const c = check(d.checks, name);
    expect(c.passed).toBe(false);
    expect(c.message).toMatch(message);
    expect(rejectionMessage(d)).toMatch(message);
  });

  it('treats a threshold met exactly as met', () => {
    expect(decideGate(input({ policy: { min_rouge_l: 0.35 } })).passed).toBe(true);
  });

  it('fails a metric the evaluation did not produce (NaN latency when nothing was summarized)', () => {
    const d = decideGate(
      input({ policy: { max_latency_p95_ms: 1000 }, candidate: run({ metrics: { latency_p95_ms: NaN } }) }),
    );
    expect(check(d.checks, 'max_latency_p95_ms')).toMatchObject({ passed: false, actual: null });
  });

  it('refuses without a policy', () => {
    const d = decideGate(input({ policy: null }));
    expect(d.passed).toBe(false);
    expect(check(d.checks, 'policy').message).toMatch(/no gate policy stated/);
  });

  it('refuses without an evaluation, and every threshold is failed with the reason', () => {
    const d = decideGate(input({ evaluationRunId: null, candidate: null }));
    expect(d.passed).toBe(false);
    expect(check(d.checks, 'evaluation').message).toMatch(/no evaluation run given for models:\/news\/2/);
    expect(check(d.checks, 'min_rouge_l')).toMatchObject({ passed: false, actual: null });
  });

  it('refuses an evaluation run that is unknown, of another version, or not finished', () => {
    expect(check(decideGate(input({ candidate: null })).checks, 'evaluation').message).toMatch(
      /r-cand was not recorded by the evaluation service/,
    );
    expect(check(decideGate(input({ candidate: run({ modelVersion: '1' }) })).checks, 'evaluation').message).toMatch(
      /evaluates models:\/news\/1, not models:\/news\/2/,
    );
    expect(check(decideGate(input({ candidate: run({ modelName: null }) })).checks, 'evaluation').message).toMatch(
      /is not an evaluation run/,
    );
    expect(check(decideGate(input({ candidate: run({ status: 'FAILED' }) })).checks, 'evaluation').passed).toBe(false);
  });

  describe('champion comparison (max_regression_vs_champion on ROUGE-L)', () => {
    const champion = (rougeL: number) => ({
      version: 1,
      evaluation: run({ runId: 'r-champ', modelVersion: '1', metrics: { rougeL } }),
    });

    it('passes when there is no champion', () => {
      const d = decideGate(input({ policy: { max_regression_vs_champion: 0 } }));
      expect(d.passed).toBe(true);
      expect(check(d.checks, 'max_regression_vs_champion').message).toMatch(/no champion/);
      expect(d.champion).toBeNull();
    });

    it('passes a candidate better than the champion, and one worse within the allowance', () => {
      expect(decideGate(input({ policy: { max_regression_vs_champion: 0 }, champion: champion(0.3) })).passed).toBe(
        true,
      );
      const d = decideGate(input({ policy: { max_regression_vs_champion: 0.02 }, champion: champion(0.36) }));
      expect(d.passed).toBe(true);
      expect(check(d.checks, 'max_regression_vs_champion').actual).toBeCloseTo(0.01);
      expect(d.champion).toEqual({ version: '1', evaluation_run_id: 'r-champ', rouge_l: 0.36 });
    });

    it('fails a candidate worse than the champion by more than the allowance', () => {
      const d = decideGate(input({ policy: { max_regression_vs_champion: 0.01 }, champion: champion(0.45) }));
      expect(d.passed).toBe(false);
      const c = check(d.checks, 'max_regression_vs_champion');
      expect(c.actual).toBeCloseTo(0.1);
      expect(c.message).toMatch(
        /0.35 is 0.1 below champion version 1 \(0.45\), more than max_regression_vs_champion 0.01/,
      );
    });

    it('says when the champion was evaluated on other data', () => {
      const other = {
        version: 1,
        evaluation: run({ runId: 'r-champ', modelVersion: '1', datasetDigest: 'ffff0000', metrics: { rougeL: 0.3 } }),
      };
      const d = decideGate(input({ policy: { max_regression_vs_champion: 0 }, champion: other }));
      expect(check(d.checks, 'max_regression_vs_champion').message).toMatch(
        /champion evaluated on dataset ffff0000, candidate on abcd1234/,
      );
      expect(
        check(
          decideGate(input({ policy: { max_regression_vs_champion: 0 }, champion: champion(0.3) })).checks,
          'max_regression_vs_champion',
        ).message,
      ).not.toMatch(/dataset/);
    });

    it('fails when the champion was never evaluated', () => {
      const d = decideGate(
        input({ policy: { max_regression_vs_champion: 0.01 }, champion: { version: 1, evaluation: null } }),
      );
      expect(check(d.checks, 'max_regression_vs_champion').message).toMatch(/champion version 1 has no evaluation run/);
      expect(d.passed).toBe(false);
    });
  });

  describe('override', () => {
    it('records the override with the failed checks still failed', () => {
      const d = decideGate(input({ policy: { min_rouge_l: 0.9 }, overrideReason: 'hotfix for outage #12' }));
      expect(d.passed).toBe(false);
      expect(d.overridden).toBe(true);
      expect(d.override_reason).toBe('hotfix for outage #12');
      expect(check(d.checks, 'min_rouge_l').passed).toBe(false);
    });

    it('does not count a blank reason as an override', () => {
      expect(decideGate(input({ policy: { min_rouge_l: 0.9 }, overrideReason: '  ' })).overridden).toBe(false);
    });
  });
});
