import { InvalidParameterError } from '@llmops/contract';

/** What a location names: a dataset file or a Delta table directory. */
export type DataKind = 'dataset' | 'table';

/**
 * One segment of a dataset or table name: letters, digits and `_ . @ + = , -`, not starting with
 * a dot (no `.`, `..` or hidden files: the upload staging area is `.uploads`) nor a dash.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._@+=,-]{0,254}$/;
// Permission resource ids are at most 512 characters.
export const MAX_NAME_LENGTH = 512;
export const MAX_NAME_DEPTH = 32;

/** A mount (extra root) name: the first segment of the names under it. */
export const MOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const KIND_LABEL: Record<DataKind, string> = { dataset: 'dataset', table: 'table' };

export function refuse(kind: DataKind, value: string, reason: string): InvalidParameterError {
  // Values are echoed trimmed and JSON-quoted: a user's own input, never anything read from disk.
  return new InvalidParameterError(`Invalid ${KIND_LABEL[kind]} ${JSON.stringify(value.slice(0, 200))}: ${reason}`);
}

/**
 * Why a relative name is not canonical, if it is not: the grammar is strict so that a name IS the
 * resource id permissions are granted on (one spelling per location, no decoding, no normalising).
 */
export function nameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `names are at most ${MAX_NAME_LENGTH} characters`;
  const segments = name.split('/');
  if (segments.length > MAX_NAME_DEPTH) return `names have at most ${MAX_NAME_DEPTH} segments`;
  for (const segment of segments) {
    if (segment === '') return "empty segments ('//', a leading or trailing '/') are not allowed";
    if (segment === '.' || segment === '..') return `'${segment}' segments are not allowed`;
    if (!SEGMENT.test(segment)) {
      return 'each segment is letters, digits and _ . @ + = , - (not starting with a dot or a dash)';
    }
  }
  return undefined;
}

/** The name itself when it is canonical; refused otherwise. */
export function checkedName(kind: DataKind, name: string): string {
  const problem = nameProblem(name);
  if (problem) throw refuse(kind, name, problem);
  return name;
}
