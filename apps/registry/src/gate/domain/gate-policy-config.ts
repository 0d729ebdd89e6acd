import { GATE_POLICY_KEYS, InvalidParameterError, PromotionGatePolicy } from '@llmops/contract';
import { validateAlias } from '../../domain/alias-rules';

/** Thresholds that are fractions (ROUGE, failure rate, regression); latency is any non-negative number. */
const FRACTIONS: ReadonlySet<string> = new Set([
  'min_rouge_l',
  'min_rouge_2',
  'max_failure_rate',
  'max_regression_vs_champion',
]);

/**
 * A gate policy from untrusted JSON (configuration, a stored row, a request): only the known keys,
 * each a finite number in range, at least one. Throws InvalidParameterError saying what is wrong.
 */
export function checkGatePolicy(value: unknown, what = 'gate policy'): PromotionGatePolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(`${what} must be an object of ${GATE_POLICY_KEYS.join(', ')}`);
  }
  const out: PromotionGatePolicy = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!(GATE_POLICY_KEYS as readonly string[]).includes(key)) {
      throw new InvalidParameterError(`${what}: unknown key '${key}' (expected ${GATE_POLICY_KEYS.join(', ')})`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (FRACTIONS.has(key) && v > 1)) {
      throw new InvalidParameterError(
        `${what}: ${key} must be a number ${FRACTIONS.has(key) ? 'between 0 and 1' : '>= 0'} (got ${JSON.stringify(v)})`,
      );
    }
    out[key as keyof PromotionGatePolicy] = v;
  }
  if (Object.keys(out).length === 0) {
    throw new InvalidParameterError(
      `${what} states no threshold (give at least one of ${GATE_POLICY_KEYS.join(', ')})`,
    );
  }
  return out;
}

/** `GATE_DEFAULT_POLICY`: empty for none, else JSON of a policy. */
export function parseGatePolicyConfig(value: string): PromotionGatePolicy | null {
  if (value.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidParameterError(
      'GATE_DEFAULT_POLICY must be JSON, e.g. {"min_rouge_l":0.2,"max_failure_rate":0.05}',
    );
  }
  return checkGatePolicy(parsed, 'GATE_DEFAULT_POLICY');
}

/** `PROTECTED_ALIASES`: comma-separated alias names (`none` for none), as aliases are validated. */
export function parseProtectedAliases(value: string): string[] {
  if (value.trim().toLowerCase() === 'none') return [];
  return value
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '')
    .map((a) => validateAlias(a));
}

/**
 * The policy a promotion is decided by: the model's stored one (or the configured default), made
 * only stricter by a policy the request states (a request can raise a bar, never lower it).
 */
export function effectivePolicy(
  stored: PromotionGatePolicy | null,
  requested: PromotionGatePolicy | null,
): PromotionGatePolicy | null {
  if (stored === null) return requested;
  if (requested === null) return stored;
  const out: PromotionGatePolicy = { ...stored };
  for (const key of GATE_POLICY_KEYS) {
    const r = requested[key];
    if (typeof r !== 'number') continue;
    const s = out[key];
    out[key] = s === undefined ? r : key.startsWith('min_') ? Math.max(s, r) : Math.min(s, r);
  }
  return out;
}
