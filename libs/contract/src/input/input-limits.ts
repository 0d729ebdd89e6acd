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
  // The path of a value is built only for the error: every request body of every service is
  // walked here (span exports hold thousands of values), and building each value's path cost more
  // than checking it.
  const pending: Pending[] = [{ value: payload }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const value = entry.value;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) throw new InvalidParameterError(`Invalid value for ${pathOf(entry) || 'the request'}: ${problem}`);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push({ value: value[i], parent: entry, key: i });
    } else if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) {
        const problem = textProblem(key);
        if (problem) throw new InvalidParameterError(`Invalid field name ${JSON.stringify(key)}: ${problem}`);
        pending.push({ value: (value as Record<string, unknown>)[key], parent: entry, key });
      }
    }
  }
}

interface Pending {
  value: unknown;
  parent?: Pending;
  key?: string | number;
}

/** `a.b[2].c`: the keys from the payload down to this value. */
function pathOf(entry: Pending): string {
  const keys: Array<string | number> = [];
  for (let at: Pending | undefined = entry; at?.key !== undefined; at = at.parent) keys.push(at.key);
  let path = '';
  for (const key of keys.reverse()) path = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  return path;
}
