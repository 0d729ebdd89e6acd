import { InvalidParameterError } from '../errors';

/**
 * Limits every service and the gateway apply to what callers send, so that what cannot be stored
 * or served is refused with INVALID_PARAMETER_VALUE instead of failing deep inside (a 500).
 */
export const INPUT_LIMITS = {
  /** Page tokens are offsets; one past this was not issued by a service (nor reachable by paging). */
  maxPageOffset: 2 ** 31 - 1,
  /** A file or directory name (one path segment), in UTF-8 bytes: what file systems accept. */
  maxPathSegmentBytes: 255,
  /** A whole relative artifact path, in UTF-8 bytes: with the store's root, within PATH_MAX (4096). */
  maxArtifactPathBytes: 2048,
} as const;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be stored as text, if it cannot: PostgreSQL refuses NUL in text (and in
 * JSON), and a lone UTF-16 surrogate has no UTF-8 form (drivers would silently replace it).
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (no lone surrogates)';
  return undefined;
}

/**
 * Refuses a payload holding, anywhere (keys included), a string `textProblem` rejects. Walks
 * without recursion, so a deeply nested payload cannot overflow the stack here.
 */
export function assertStorableText(payload: unknown): void {
  const pending: Array<[unknown, string]> = [[payload, '']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) throw new InvalidParameterError(`Invalid value for ${path || 'the request'}: ${problem}`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) throw new InvalidParameterError(`Invalid field name ${JSON.stringify(key)}: ${problem}`);
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
}
