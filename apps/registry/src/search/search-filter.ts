import { INPUT_LIMITS, InvalidParameterError, REGISTRY_LIMITS } from '@llmops/contract';

/**
 * MLflow's search filter subset for the registry: `name LIKE '%x%'`, `name = 'x'`,
 * `run_id IN ('a','b')`, `tags.k = 'v'`, joined with AND.
 */
export type SearchField = 'name' | 'run_id' | 'source';
export type SearchOperator = '=' | '!=' | 'LIKE' | 'ILIKE' | 'IN';

export type SearchCondition =
  | { field: SearchField; op: SearchOperator; value: string | string[] }
  | { tag: string; op: SearchOperator; value: string | string[] };

export type SortColumn = 'name' | 'version' | 'creation_timestamp' | 'last_updated_timestamp';
export interface SortKey {
  column: SortColumn;
  direction: 'ASC' | 'DESC';
}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|("(?:[^"\\]|\\.)*")|(`[^`]*`)|(!=|=|\(|\)|,)|([A-Za-z_][A-Za-z0-9_.]*))/y;

function tokenize(filter: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < filter.length) {
    if (/^\s*$/.test(filter.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(filter);
    if (!m) throw new InvalidParameterError(`Invalid filter '${filter}': unexpected text at ${pos}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]);
    pos = TOKEN.lastIndex;
  }
  return tokens;
}

function unquote(token: string | undefined, filter: string): string {
  if (token && /^(['"]).*\1$/s.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  throw new InvalidParameterError(`Invalid filter '${filter}': expected a quoted string, got '${token ?? ''}'`);
}

export function parseFilter(filter: string | undefined, fields: readonly SearchField[]): SearchCondition[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const conditions: SearchCondition[] = [];
  let i = 0;
  for (;;) {
    const key = tokens[i++];
    if (!key) throw new InvalidParameterError(`Invalid filter '${filter}': expected a condition`);
    const opToken = tokens[i++]?.toUpperCase();
    if (!opToken || !['=', '!=', 'LIKE', 'ILIKE', 'IN'].includes(opToken)) {
      throw new InvalidParameterError(`Invalid filter '${filter}': unsupported operator '${opToken ?? ''}'`);
    }
    const op = opToken as SearchOperator;
    let value: string | string[];
    if (op === 'IN') {
      if (tokens[i++] !== '(') throw new InvalidParameterError(`Invalid filter '${filter}': IN expects (...)`);
      value = [];
      for (;;) {
        value.push(unquote(tokens[i++], filter));
        const sep = tokens[i++];
        if (sep === ')') break;
        if (sep !== ',') throw new InvalidParameterError(`Invalid filter '${filter}': expected ',' or ')'`);
      }
    } else {
      value = unquote(tokens[i++], filter);
    }
    const tagMatch = /^tags\.(.+)$/i.exec(key);
    if (tagMatch) {
      conditions.push({ tag: tagMatch[1].replace(/^[`"'](.*)[`"']$/, '$1'), op, value });
    } else if ((fields as readonly string[]).includes(key.toLowerCase())) {
      conditions.push({ field: key.toLowerCase() as SearchField, op, value });
    } else {
      throw new InvalidParameterError(
        `Invalid filter '${filter}': unsupported attribute '${key}' (supported: ${fields.join(', ')}, tags.<key>)`,
      );
    }
    if (i >= tokens.length) break;
    if (tokens[i++]?.toUpperCase() !== 'AND') {
      throw new InvalidParameterError(`Invalid filter '${filter}': conditions must be joined with AND`);
    }
  }
  return conditions;
}

const SORT_ALIASES: Record<string, SortColumn> = {
  name: 'name',
  version: 'version',
  version_number: 'version',
  creation_timestamp: 'creation_timestamp',
  timestamp: 'creation_timestamp',
  last_updated_timestamp: 'last_updated_timestamp',
};

export function parseOrderBy(
  orderBy: readonly string[] | undefined,
  allowed: readonly SortColumn[],
  tieBreakers: readonly SortKey[],
): SortKey[] {
  const keys: SortKey[] = [];
  for (const clause of orderBy ?? []) {
    const m = /^\s*([A-Za-z_]+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    const column = m ? SORT_ALIASES[m[1].toLowerCase()] : undefined;
    if (!m || !column || !allowed.includes(column)) {
      throw new InvalidParameterError(`Invalid order_by clause '${clause}': supported: ${allowed.join(', ')}`);
    }
    keys.push({ column, direction: (m[2]?.toUpperCase() as 'ASC' | 'DESC') ?? 'ASC' });
  }
  for (const t of tieBreakers) if (!keys.some((k) => k.column === t.column)) keys.push(t);
  return keys;
}

/** Page tokens are opaque to callers; here an offset. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: unknown };
    // Bounded: an offset no page could have reached would only reach the database (1e300 is not SQL).
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 && offset <= INPUT_LIMITS.maxPageOffset)
      return offset;
  } catch {
    // fall through
  }
  throw new InvalidParameterError(`Invalid page_token '${token}'`);
}

export function maxResultsOf(value: number | undefined): number {
  return value ?? REGISTRY_LIMITS.defaultSearchResults;
}
