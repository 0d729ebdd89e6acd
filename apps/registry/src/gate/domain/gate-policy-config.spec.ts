import { ErrorCode } from '@llmops/contract';
import { checkGatePolicy, effectivePolicy, parseGatePolicyConfig, parseProtectedAliases } from './gate-policy-config';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('gate policy configuration', () => {
  it('keeps known thresholds in range and refuses anything else', () => {
    expect(checkGatePolicy({ min_rouge_l: 0.3, max_latency_p95_ms: 5000, other: undefined })).toEqual({
      min_rouge_l: 0.3,
      max_latency_p95_ms: 5000,
    });
    for (const bad of [
      { min_rouge_l: 1.5 },
      { max_failure_rate: -0.1 },
      { min_bleu: 0.2 },
      {},
      [],
      'x',
      null,
      { min_rouge_2: '0.2' },
    ]) {
      expect([bad, codeOf(() => checkGatePolicy(bad))]).toEqual([bad, ErrorCode.INVALID_PARAMETER_VALUE]);
    }
  });

  it('reads GATE_DEFAULT_POLICY (empty: none) and PROTECTED_ALIASES (none: none)', () => {
    expect(parseGatePolicyConfig('')).toBeNull();
    expect(parseGatePolicyConfig('{"min_rouge_l":0.2}')).toEqual({ min_rouge_l: 0.2 });
    expect(() => parseGatePolicyConfig('{min_rouge_l')).toThrow(/must be JSON/);
    expect(() => parseGatePolicyConfig('{"min_rouge_l":3}')).toThrow(/between 0 and 1/);
    expect(parseProtectedAliases('champion, production ,')).toEqual(['champion', 'production']);
    expect(parseProtectedAliases('none')).toEqual([]);
    expect(() => parseProtectedAliases('latest')).toThrow(/reserved/);
  });

  it("lets a request's policy tighten the stored one, never loosen it", () => {
    const stored = { min_rouge_l: 0.3, max_failure_rate: 0.1 };
    expect(effectivePolicy(stored, { min_rouge_l: 0.1, max_failure_rate: 0.5 })).toEqual(stored);
    expect(effectivePolicy(stored, { min_rouge_l: 0.5, max_latency_p95_ms: 100 })).toEqual({
      min_rouge_l: 0.5,
      max_failure_rate: 0.1,
      max_latency_p95_ms: 100,
    });
    expect(effectivePolicy(null, { min_rouge_2: 0.1 })).toEqual({ min_rouge_2: 0.1 });
    expect(effectivePolicy(stored, null)).toEqual(stored);
    expect(effectivePolicy(null, null)).toBeNull();
  });
});
