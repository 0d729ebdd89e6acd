import { INPUT_LIMITS, InvalidParameterError } from '@llmops/contract';

/**
 * Opaque page tokens: base64url JSON of the next offset and a fingerprint of the query, so that a
 * token from one search is refused by another instead of silently paging something else.
 */
interface PageState {
  o: number;
  q: string;
}

export function encodePageToken(offset: number, query: unknown): string {
  const state: PageState = { o: offset, q: fingerprint(query) };
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** The offset a token points to; 0 when there is no token. */
export function decodePageToken(token: string | undefined, query: unknown): number {
  if (token === undefined || token === '') return 0;
  let state: PageState;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageState;
  } catch {
    throw new InvalidParameterError('Invalid page_token: not a token this service issued');
  }
  if (
    typeof state?.o !== 'number' ||
    !Number.isSafeInteger(state.o) ||
    state.o < 0 ||
    state.o > INPUT_LIMITS.maxPageOffset ||
    typeof state.q !== 'string'
  ) {
    throw new InvalidParameterError('Invalid page_token: not a token this service issued');
  }
  if (state.q !== fingerprint(query)) {
    throw new InvalidParameterError('Invalid page_token: it belongs to a different query');
  }
  return state.o;
}

/** A page of `limit` rows read with one extra row tells whether there is a next page. */
export function nextPageToken(offset: number, limit: number, fetched: number, query: unknown): string | undefined {
  return fetched > limit ? encodePageToken(offset + limit, query) : undefined;
}

function fingerprint(query: unknown): string {
  const text = JSON.stringify(query ?? null);
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(36);
}

/**
 * Answers travel in one NATS message (1 MB by default), so a page also stops at a byte budget:
 * a page of large rows is shorter, and its token continues where it stopped.
 */
export const PAGE_BYTE_BUDGET = 512 * 1024;

/**
 * The budget of a page measured exactly as it is sent (each row's JSON as it goes on the wire):
 * the 1 MB message less room for the envelope, the separators and the headers. PAGE_BYTE_BUDGET
 * is half the message for pages measured on another shape than the one sent.
 */
export const SENT_PAGE_BYTE_BUDGET = 1024 * 1024 - 64 * 1024;

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** Bytes of a row's JSON. */
export function jsonBytes(row: unknown): number {
  return Buffer.byteLength(JSON.stringify(row) ?? '');
}

/**
 * Cuts rows read with `limit + 1` into one page: at most `limit` rows and at most `budget` bytes
 * of JSON (always at least one row), with a token when anything is left.
 */
export function pageOf<T>(
  rows: T[],
  offset: number,
  limit: number,
  query: unknown,
  options: { hasMore?: boolean; budget?: number; sizes?: number[] } = {},
): Page<T> {
  const budget = options.budget ?? PAGE_BYTE_BUDGET;
  let bytes = 0;
  let taken = 0;
  for (const [i, row] of rows.slice(0, limit).entries()) {
    // The caller may have measured the rows already (serialising a page of runs is not free).
    const size = options.sizes?.[i] ?? jsonBytes(row);
    if (taken > 0 && bytes + size > budget) break;
    bytes += size;
    taken += 1;
  }
  return {
    items: rows.slice(0, taken),
    nextPageToken:
      (options.hasMore ?? rows.length > limit) || taken < Math.min(rows.length, limit)
        ? encodePageToken(offset + taken, query)
        : undefined,
  };
}
