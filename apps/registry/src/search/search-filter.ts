import { INPUT_LIMITS, InvalidParameterError, REGISTRY_LIMITS } from '@llmops/contract';

/**
 * MLflow's registry search grammar (`SearchModelUtils` / `SearchModelVersionUtils` in
 * mlflow/utils/search_utils.py, 2.17 and 3.x), parsed into conditions the store binds as
 * parameters:
 *
 *   filter     := clause (AND clause)*
 *   clause     := identifier comparator value
 *   identifier := [attribute '.'] attr | (tag | tags) '.' key    key: word(.word)* | `...` | "..." | '...'
 *   value      := 'string' | "string" | integer (version_number) | '(' string (',' string)* ')' (run_id IN)
 *
 * Registered models: `name` with =, !=, LIKE, ILIKE. Model versions: `name`, `run_id` (also IN),
 * `source_path` (and this platform's older spelling `source`) with =, !=, LIKE, ILIKE, and
 * `version_number` with =, !=, <, <=, >, >=. Tags: =, !=, LIKE, ILIKE; a model without the tag
 * does not match (except MLflow's prompt tag, see `promptScope`).
 */
export type SearchField = 'name' | 'run_id' | 'source' | 'version';
export type SearchOperator = '=' | '!=' | 'LIKE' | 'ILIKE' | 'IN' | '<' | '<=' | '>' | '>=';

export type SearchCondition =
  | { field: SearchField; op: SearchOperator; value: string | string[] | number }
  | { tag: string; op: SearchOperator; value: string };

export type SortColumn = 'name' | 'version' | 'creation_timestamp' | 'last_updated_timestamp';
export interface SortKey {
  column: SortColumn;
  direction: 'ASC' | 'DESC';
}

type AttributeKind = 'string' | 'string-or-list' | 'integer';

/** What one search accepts: attribute names (as MLflow spells them) and their kind. */
export interface FilterGrammar {
  attributes: Readonly<Record<string, { field: SearchField; kind: AttributeKind }>>;
}

export const MODEL_FILTER: FilterGrammar = { attributes: { name: { field: 'name', kind: 'string' } } };

export const VERSION_FILTER: FilterGrammar = {
  attributes: {
    name: { field: 'name', kind: 'string' },
    run_id: { field: 'run_id', kind: 'string-or-list' },
    source_path: { field: 'source', kind: 'string' },
    source: { field: 'source', kind: 'string' },
    version_number: { field: 'version', kind: 'integer' },
  },
};

const STRING_OPS: readonly SearchOperator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMBER_OPS: readonly SearchOperator[] = ['=', '!=', '<', '<=', '>', '>='];
/** A filter is a short expression; this bounds the work a hostile one can cause. */
const MAX_FILTER_LENGTH = 100_000;
const MAX_IN_VALUES = 10_000;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new InvalidParameterError(`Invalid filter '${this.text}': ${why}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  /** A bare word: letters, digits and `_` (starting with a letter or `_`). */
  word(): string | undefined {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** A quoted text: '...' or "..." (backslash escapes the next character), or `...` (verbatim). */
  quoted(quotes: string): string | undefined {
    this.skipSpace();
    const q = this.text[this.pos];
    if (!q || !quotes.includes(q)) return undefined;
    let out = '';
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\' && q !== '`' && i + 1 < this.text.length) {
        out += this.text[++i];
      } else if (c === q) {
        this.pos = i + 1;
        return out;
      } else {
        out += c;
      }
    }
    return this.fail(`unterminated ${q}...${q} at ${this.pos}`);
  }

  /** `entity.key`, `key`: words joined by dots, or a quoted key after `tag.`/`tags.`. */
  identifier(): { entity?: string; key: string } {
    const first = this.word() ?? this.quoted('`');
    if (first === undefined) this.fail(`expected an attribute or tags.<key> at ${this.pos}`);
    if (this.text[this.pos] !== '.') return { key: first };
    this.pos++;
    const key = this.quoted('`"\'') ?? this.dottedWords();
    if (key === undefined || key === '') this.fail(`expected a key after '${first}.'`);
    return { entity: first, key };
  }

  private dottedWords(): string | undefined {
    const m = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  comparator(): SearchOperator {
    this.skipSpace();
    const m = /^(?:!=|<>|<=|>=|=|<|>|(?:I?LIKE|IN)(?![A-Za-z0-9_]))/i.exec(this.text.slice(this.pos));
    if (!m) {
      const found = /^\S*/.exec(this.text.slice(this.pos))?.[0] ?? '';
      this.fail(`expected a comparator (=, !=, LIKE, ILIKE, IN, <, <=, >, >=), got '${found}'`);
    }
    this.pos += m[0].length;
    const op = m[0].toUpperCase();
    return (op === '<>' ? '!=' : op) as SearchOperator;
  }

  integer(): number | undefined {
    this.skipSpace();
    const m = /^-?[0-9]+(?![A-Za-z0-9_.])/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}' at ${this.pos}`);
    this.pos++;
  }
}

export function parseFilter(filter: string | undefined, grammar: FilterGrammar): SearchCondition[] {
  if (filter === undefined || filter.trim() === '') return [];
  if (filter.length > MAX_FILTER_LENGTH) {
    throw new InvalidParameterError(`Invalid filter: longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const s = new Scanner(filter);
  const conditions: SearchCondition[] = [];
  for (;;) {
    conditions.push(clause(s, grammar));
    if (s.atEnd()) break;
    const joiner = s.word();
    if (joiner?.toUpperCase() !== 'AND') {
      s.fail(`conditions must be joined with AND${joiner ? `, got '${joiner}'` : ''}`);
    }
  }
  return conditions;
}

function clause(s: Scanner, grammar: FilterGrammar): SearchCondition {
  const { entity, key } = s.identifier();
  const kind = entity?.toLowerCase();
  const op = s.comparator();
  if (kind === 'tag' || kind === 'tags') {
    if (!STRING_OPS.includes(op)) s.fail(`tags support ${STRING_OPS.join(', ')}, not ${op}`);
    const value = s.quoted(`'"`);
    if (value === undefined) s.fail(`expected a quoted string value for tag '${key}' (e.g. 'my-value')`);
    return { tag: key, op, value };
  }
  if (entity !== undefined && kind !== 'attribute') {
    s.fail(`invalid entity type '${entity}' (valid: attribute, tag, tags)`);
  }
  const attribute = Object.hasOwn(grammar.attributes, key) ? grammar.attributes[key] : undefined;
  if (!attribute) {
    const valid = Object.keys(grammar.attributes).filter((a) => a !== 'source');
    s.fail(`invalid attribute key '${key}' (valid: ${valid.join(', ')}, tags.<key>)`);
  }
  if (attribute.kind === 'integer') {
    if (!NUMBER_OPS.includes(op)) s.fail(`'${key}' supports ${NUMBER_OPS.join(', ')}, not ${op}`);
    const text = s.quoted(`'"`);
    const value = text === undefined ? s.integer() : /^-?[0-9]+$/.test(text.trim()) ? Number(text) : undefined;
    if (value === undefined || !Number.isSafeInteger(value)) s.fail(`expected an integer value for '${key}'`);
    return { field: attribute.field, op, value };
  }
  if (op === 'IN') {
    if (attribute.kind !== 'string-or-list') {
      s.fail(`only the 'run_id' attribute supports IN with a list of quoted strings`);
    }
    s.expect('(');
    const values: string[] = [];
    for (;;) {
      const value = s.quoted(`'"`);
      if (value === undefined) s.fail(`IN expects a list of quoted strings, e.g. ('a', 'b')`);
      values.push(value);
      if (values.length > MAX_IN_VALUES) s.fail(`IN accepts at most ${MAX_IN_VALUES} values`);
      if (s.peek() === ')') break;
      s.expect(',');
    }
    s.expect(')');
    return { field: attribute.field, op, value: values };
  }
  if (!STRING_OPS.includes(op))
    s.fail(`'${key}' supports ${STRING_OPS.join(', ')}${attribute.kind === 'string-or-list' ? ', IN' : ''}, not ${op}`);
  const value = s.quoted(`'"`);
  if (value === undefined) s.fail(`expected a quoted string value for '${key}' (e.g. 'my-value')`);
  return { field: attribute.field, op, value };
}

/** MLflow 3's tag that marks a registered model (and its versions) as a prompt. */
export const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';

/**
 * MLflow 3's registry store keeps prompts out of model searches: unless a filter asks for prompts
 * (``tags.`mlflow.prompt.is_prompt` = 'true'`` or `!= 'false'`), models tagged as prompts are
 * excluded and conditions on that tag are dropped, so a model without the tag matches
 * ``tags.`mlflow.prompt.is_prompt` != 'true'`` (what every 3.x `search_registered_models` sends).
 */
export function promptScope(conditions: SearchCondition[]): {
  conditions: SearchCondition[];
  excludePrompts: boolean;
} {
  const first = conditions.find((c) => 'tag' in c && c.tag === IS_PROMPT_TAG);
  const value = first && typeof first.value === 'string' ? first.value.toLowerCase() : undefined;
  const askingForPrompts = (first?.op === '=' && value === 'true') || (first?.op === '!=' && value === 'false');
  if (askingForPrompts) return { conditions, excludePrompts: false };
  return { conditions: conditions.filter((c) => !('tag' in c && c.tag === IS_PROMPT_TAG)), excludePrompts: true };
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

/**
 * Answers travel in one NATS message (1 MB by default), so one answer holds at most this many rows
 * and bytes of JSON; its page token continues where it stopped. The gateway's MLflow API gathers
 * such pages up to the caller's max_results, as MLflow fills its pages.
 */
export const PAGE_ROW_CAP = 2000;
export const PAGE_BYTE_BUDGET = 512 * 1024;

/** How many rows to read for a page of `limit`: one more than fits, to know whether more follow. */
export function rowsToRead(limit: number): number {
  return Math.min(limit, PAGE_ROW_CAP) + 1;
}

/**
 * Cuts the rows read for one page (at most `rowsToRead(limit)`) to at most `limit` and
 * `PAGE_ROW_CAP` rows and `budget` bytes of JSON (always at least one row), with a token when
 * anything is left.
 */
export function pageOf<T>(
  rows: T[],
  offset: number,
  limit: number,
  budget = PAGE_BYTE_BUDGET,
): { items: T[]; nextPageToken?: string } {
  const max = Math.min(limit, PAGE_ROW_CAP, rows.length);
  let bytes = 0;
  let taken = 0;
  while (taken < max) {
    const size = Buffer.byteLength(JSON.stringify(rows[taken]) ?? '');
    if (taken > 0 && bytes + size > budget) break;
    bytes += size;
    taken += 1;
  }
  return {
    items: rows.slice(0, taken),
    nextPageToken: rows.length > taken ? encodePageToken(offset + taken) : undefined,
  };
}
