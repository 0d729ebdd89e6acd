import { ErrorCode, GateDecisionView } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { ModelVersion } from '../domain/registry.model';
import { PromotionRequest } from '../ports/promotion-policy.port';
import { IssuedGateDecisions } from './domain/issued-gate-decisions';
import { GatePromotionPolicy } from './gate-promotion.policy';

const version = { name: 'news', version: 2 } as ModelVersion;

function decision(over: Partial<GateDecisionView> = {}): GateDecisionView {
  return {
    passed: true,
    overridden: false,
    override_reason: null,
    model_uri: 'models:/news/2',
    evaluation_run_id: 'r1',
    policy: { min_rouge_l: 0.1 },
    champion: null,
    checks: [],
    decided_at: 0,
    ...over,
  };
}

function request(over: Partial<PromotionRequest> = {}): PromotionRequest {
  return { version, toStage: 'Production', reason: null, evaluation: null, override: false, userId: 'u', ...over };
}

describe('GatePromotionPolicy', () => {
  const issued = new IssuedGateDecisions();
  const policy = new GatePromotionPolicy(issued);

  it('lets every stage but Production through', async () => {
    for (const toStage of ['None', 'Staging', 'Archived'] as const) {
      await expect(policy.check(request({ toStage }))).resolves.toBeUndefined();
    }
  });

  it('refuses Production without a gate decision or override', async () => {
    const error = await rejectionOf(policy.check(request()));
    expect(error.code).toBe(ErrorCode.INVALID_STATE);
    expect(error.message).toMatch(/models:\/news\/2 to Production needs the promotion gate/);
  });

  it('refuses a decision that arrived over the wire (same content, not issued here)', async () => {
    const forged = { run_id: 'r1', gate_decision: decision() };
    expect((await rejectionOf(policy.check(request({ evaluation: forged })))).code).toBe(ErrorCode.INVALID_STATE);
  });

  it('accepts the decision it issued for this version, and refuses it for another', async () => {
    await expect(policy.check(request({ evaluation: issued.issue(decision()) }))).resolves.toBeUndefined();
    const other = issued.issue(decision({ model_uri: 'models:/news/3' }));
    expect((await rejectionOf(policy.check(request({ evaluation: other })))).message).toMatch(/for models:\/news\/3/);
  });

  it('accepts an explicit override only with a reason', async () => {
    await expect(policy.check(request({ override: true, reason: 'incident 7' }))).resolves.toBeUndefined();
    expect((await rejectionOf(policy.check(request({ override: true, reason: ' ' })))).message).toMatch(
      /needs a reason/,
    );
  });
});
