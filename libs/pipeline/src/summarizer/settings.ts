import { InvalidParameterError } from '@llmops/contract';
import { ParamSpec, SettingValue, SettingsRecord } from './summarizer';

/**
 * Resolves settings against a flavor's schema: defaults first, then `base`, then `overrides`.
 * Unknown names, wrong types and out-of-range values are InvalidParameterError, so a bad request
 * fails before any model time is spent. `perCallOnly` rejects load-time settings in overrides.
 */
export function resolveSettings(
  schema: readonly ParamSpec[],
  base: Readonly<Record<string, unknown>> = {},
  overrides: Readonly<Record<string, unknown>> = {},
  perCallOnly = false,
): SettingsRecord {
  const byName = new Map(schema.map((p) => [p.name, p]));
  const out: SettingsRecord = {};
  for (const spec of schema) out[spec.name] = spec.default;
  for (const [source, values] of [
    ['setting', base],
    ['override', overrides],
  ] as const) {
    for (const [name, raw] of Object.entries(values)) {
      if (raw === undefined) continue;
      const spec = byName.get(name);
      if (!spec) {
        throw new InvalidParameterError(
          `Unknown ${source} '${name}'; expected one of: ${schema.map((p) => p.name).join(', ')}`,
        );
      }
      if (source === 'override' && perCallOnly && !spec.perCall) {
        throw new InvalidParameterError(`Setting '${name}' is fixed when the model loads and cannot be overridden`);
      }
      out[name] = coerce(spec, raw);
    }
  }
  return out;
}

/** Accepts the value or its string form (tracking params and query strings are strings). */
export function coerce(spec: ParamSpec, raw: unknown): SettingValue {
  const bad = (why: string) => new InvalidParameterError(`Setting '${spec.name}' ${why} (got ${JSON.stringify(raw)})`);
  switch (spec.type) {
    case 'string': {
      if (typeof raw !== 'string') throw bad('must be a string');
      if (spec.choices && !spec.choices.includes(raw)) throw bad(`must be one of ${spec.choices.join(', ')}`);
      return raw;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw bad('must be a boolean');
    }
    case 'long':
    case 'double': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw bad('must be a number');
      if (spec.type === 'long' && !Number.isInteger(n)) throw bad('must be an integer');
      if (spec.min !== undefined && n < spec.min) throw bad(`must be >= ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw bad(`must be <= ${spec.max}`);
      return n;
    }
  }
}
