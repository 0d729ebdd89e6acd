import { INPUT_LIMITS, InvalidParameterError } from '@llmops/contract';

/**
 * The one place that decides whether a relative artifact path is safe, and the path to use.
 *
 * Callers get back a normalised POSIX path ('' for the root) and must use exactly that value:
 * nothing is decoded or re-interpreted after this check, so there is no "validate one spelling,
 * use another". Rather than decoding percent-escapes (and wondering how many times), any escape is
 * refused: callers (the gateway) decode URLs once before asking for a path.
 */
export function safeArtifactPath(input: string | undefined | null, field = 'path'): string {
  if (input === undefined || input === null) return '';
  if (typeof input !== 'string') throw refuse(field, String(input), 'must be a string');
  const reason = unsafeReason(input);
  if (reason) throw refuse(field, input, reason);
  const segments = input.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw refuse(field, input, "must not contain a '..' segment");
  // What file systems accept (a name, a whole path under the store's root); longer would fail in the store.
  if (Buffer.byteLength(input, 'utf8') > INPUT_LIMITS.maxArtifactPathBytes) {
    throw refuse(field, input.slice(0, 300), `must be at most ${INPUT_LIMITS.maxArtifactPathBytes} bytes`);
  }
  if (segments.some((s) => Buffer.byteLength(s, 'utf8') > INPUT_LIMITS.maxPathSegmentBytes)) {
    throw refuse(field, input.slice(0, 300), `each name must be at most ${INPUT_LIMITS.maxPathSegmentBytes} bytes`);
  }
  return segments.join('/');
}

/** Joins a safe relative path under another one (both already normalised). */
export function joinArtifactPath(...parts: string[]): string {
  return safeArtifactPath(parts.filter((p) => p !== '').join('/'));
}

function unsafeReason(path: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'must not contain NUL or control characters';
  if (path.includes('\\')) return 'must use / as separator (no backslashes)';
  if (path.startsWith('/')) return 'must be relative (no leading /)';
  if (/^[A-Za-z]:/.test(path)) return 'must be relative (no drive letter)';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return 'must be a path, not a URI';
  if (/%[0-9A-Fa-f]{2}/.test(path)) return 'must not contain percent-encoded characters';
  if (path.includes(';')) return "must not contain ';' (path parameters)";
  if (path.startsWith('~')) return 'must not start with ~';
  return undefined;
}

function refuse(field: string, value: string, reason: string): InvalidParameterError {
  return new InvalidParameterError(
    `Invalid artifact ${field} ${JSON.stringify(value)}: ${reason}; it must stay inside the artifact root`,
  );
}
