import { InvalidParameterError } from '@llmops/contract';

/**
 * MLflow's search grammar (mlflow/utils/search_utils.py), parsed once into comparisons that the
 * repositories translate to SQL with bound parameters (never by pasting text into SQL).
 *
 *   filter   := clause (AND clause)*
 *   clause   := identifier comparator value
 *   identifier := [entity '.'] key  where key may be quoted with "..." or `...`
 *   entity   := metrics | params | tags | attributes | datasets (and MLflow's singular aliases)
 *   value    := number | 'string' | "string" | '(' string (',' string)* ')'
 */
export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset' | 'metadata';
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

export interface Comparison {
  entity: EntityType;
  key: string;
  comparator: Comparator;
  value: string | number | string[];
}

export interface OrderClause {
  entity: EntityType;
  key: string;
  ascending: boolean;
}

export type AttributeKind = 'string' | 'number';

/** What a given search accepts: which entities, which attributes (and their aliases). */
export interface SearchGrammar {
  entities: readonly EntityType[];
  attributes: Readonly<Record<string, AttributeKind>>;
  /** Alternative spellings mapped to the canonical attribute name. */
  attributeAliases?: Readonly<Record<string, string>>;
  datasetKeys?: readonly string[];
  /** Entity prefixes of this search only (e.g. traces' `trace.` and `request_metadata.`). */
  entityPrefixes?: Readonly<Record<string, EntityType>>;
}

export const RUN_SEARCH_GRAMMAR: SearchGrammar = {
  entities: ['metric', 'param', 'tag', 'attribute', 'dataset'],
  attributes: {
    run_id: 'string',
    run_name: 'string',
    status: 'string',
    user_id: 'string',
    artifact_uri: 'string',
    lifecycle_stage: 'string',
    start_time: 'number',
    end_time: 'number',
  },
  attributeAliases: { created: 'start_time', Created: 'start_time', 'run name': 'run_name', 'Run name': 'run_name' },
  datasetKeys: ['name', 'digest', 'context'],
};

export const EXPERIMENT_SEARCH_GRAMMAR: SearchGrammar = {
  entities: ['tag', 'attribute'],
  attributes: { name: 'string', experiment_id: 'string', creation_time: 'number', last_update_time: 'number' },
};

const ENTITY_PREFIXES: Record<string, EntityType> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

const NUMERIC_COMPARATORS: readonly Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'quoted-ident'; text: string }
  | { kind: 'string'; text: string; quote: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' | '.' };

function tokenize(input: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== ch) {
        if (input[j] === '\\' && j + 1 < input.length) j++;
        text += input[j];
        j++;
      }
      if (j >= input.length) throw invalid(what, input, `unterminated quote starting at position ${i}`);
      // A double-quoted or backticked token right after a '.' is a key; otherwise a string value.
      const previous = tokens[tokens.length - 1];
      if (ch === '`' || (previous?.kind === 'punct' && previous.text === '.'))
        tokens.push({ kind: 'quoted-ident', text });
      else tokens.push({ kind: 'string', text, quote: ch });
      i = j + 1;
      continue;
    }
    const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(input.slice(i));
    const previous = tokens[tokens.length - 1];
    if (number && (previous === undefined || previous.kind === 'op' || previous.kind === 'punct')) {
      if (!(previous?.kind === 'punct' && previous.text === '.')) {
        tokens.push({ kind: 'number', value: Number(number[0]), text: number[0] });
        i += number[0].length;
        continue;
      }
    }
    const op = /^(!=|<>|<=|>=|=|<|>)/.exec(input.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[1] === '<>' ? '!=' : op[1] });
      i += op[1].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
      continue;
    }
    const word = /^[\w\-/:]+/.exec(input.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    throw invalid(what, input, `unexpected character '${ch}' at position ${i}`);
  }
  return tokens;
}

class Cursor {
  private index = 0;

  constructor(
    readonly tokens: Token[],
    readonly what: string,
    readonly input: string,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  next(): Token | undefined {
    return this.tokens[this.index++];
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  fail(message: string): InvalidParameterError {
    return invalid(this.what, this.input, message);
  }
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === word;
}

/**
 * Reads `entity.key` (key may be quoted or contain dots, e.g. `metrics.eval.rouge1`) or a bare
 * attribute name, and checks it against the grammar.
 */
function parseIdentifier(cursor: Cursor, grammar: SearchGrammar): { entity: EntityType; key: string } {
  const first = cursor.next();
  if (!first) throw cursor.fail('expected an identifier');
  if (first.kind === 'quoted-ident' || (first.kind === 'string' && first.quote === '"')) {
    return checkIdentifier(cursor, grammar, 'attribute', first.text);
  }
  if (first.kind !== 'word') throw cursor.fail(`expected an identifier, got '${tokenText(first)}'`);
  const entity = grammar.entityPrefixes?.[first.text.toLowerCase()] ?? ENTITY_PREFIXES[first.text.toLowerCase()];
  const dot = cursor.peek();
  if (entity && dot?.kind === 'punct' && dot.text === '.') {
    cursor.next();
    const keyParts: string[] = [];
    for (;;) {
      const part = cursor.next();
      if (!part || (part.kind !== 'word' && part.kind !== 'quoted-ident' && part.kind !== 'number')) {
        throw cursor.fail(`expected a key after '${first.text}.'`);
      }
      keyParts.push(part.kind === 'number' ? part.text : part.text);
      const more = cursor.peek();
      if (part.kind === 'quoted-ident' || !(more?.kind === 'punct' && more.text === '.')) break;
      cursor.next();
    }
    return checkIdentifier(cursor, grammar, entity, keyParts.join('.'));
  }
  return checkIdentifier(cursor, grammar, 'attribute', first.text);
}

function checkIdentifier(
  cursor: Cursor,
  grammar: SearchGrammar,
  entity: EntityType,
  rawKey: string,
): { entity: EntityType; key: string } {
  if (!grammar.entities.includes(entity)) {
    throw cursor.fail(`invalid entity type '${entity}' (allowed: ${grammar.entities.join(', ')})`);
  }
  if (rawKey === '') throw cursor.fail('empty key');
  if (entity === 'attribute') {
    const key = grammar.attributeAliases?.[rawKey] ?? rawKey;
    if (!(key in grammar.attributes)) {
      throw cursor.fail(`invalid attribute key '${rawKey}' (allowed: ${Object.keys(grammar.attributes).join(', ')})`);
    }
    return { entity, key };
  }
  if (entity === 'dataset' && !(grammar.datasetKeys ?? []).includes(rawKey)) {
    throw cursor.fail(`invalid dataset key '${rawKey}' (allowed: ${(grammar.datasetKeys ?? []).join(', ')})`);
  }
  return { entity, key: rawKey };
}

function parseComparator(cursor: Cursor): Comparator {
  const token = cursor.next();
  if (token?.kind === 'op') return token.text as Comparator;
  if (isWord(token, 'LIKE')) return 'LIKE';
  if (isWord(token, 'ILIKE')) return 'ILIKE';
  if (isWord(token, 'IN')) return 'IN';
  if (isWord(token, 'NOT') && isWord(cursor.peek(), 'IN')) {
    cursor.next();
    return 'NOT IN';
  }
  throw cursor.fail(`expected a comparator (= != < <= > >= LIKE ILIKE IN NOT IN), got '${tokenText(token)}'`);
}

function kindOf(grammar: SearchGrammar, entity: EntityType, key: string): AttributeKind {
  if (entity === 'metric') return 'number';
  if (entity === 'attribute') return grammar.attributes[key];
  return 'string';
}

function parseValue(cursor: Cursor, kind: AttributeKind, comparator: Comparator, name: string) {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const open = cursor.next();
    if (!(open?.kind === 'punct' && open.text === '(')) throw cursor.fail(`${comparator} needs a list like ('a', 'b')`);
    const values: string[] = [];
    for (;;) {
      const item = cursor.next();
      if (item?.kind !== 'string') throw cursor.fail(`${comparator} list items must be quoted strings`);
      values.push(item.text);
      const sep = cursor.next();
      if (sep?.kind === 'punct' && sep.text === ')') break;
      if (!(sep?.kind === 'punct' && sep.text === ',')) throw cursor.fail(`expected ',' or ')' in ${comparator} list`);
    }
    return values;
  }
  const token = cursor.next();
  if (kind === 'number') {
    if (token?.kind === 'number') return token.value;
    throw cursor.fail(`expected a number for '${name}', got '${tokenText(token)}'`);
  }
  if (token?.kind === 'string') return token.text;
  throw cursor.fail(`expected a quoted string for '${name}', got '${tokenText(token)}'`);
}

/** Parses a filter string; '' or undefined gives no comparisons. */
export function parseSearchFilter(filter: string | undefined, grammar: SearchGrammar): Comparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  const cursor = new Cursor(tokenize(filter, 'filter'), 'filter', filter);
  const comparisons: Comparison[] = [];
  for (;;) {
    const { entity, key } = parseIdentifier(cursor, grammar);
    const comparator = parseComparator(cursor);
    const kind = kindOf(grammar, entity, key);
    const allowed = kind === 'number' ? NUMERIC_COMPARATORS : STRING_COMPARATORS;
    const name = `${entity}.${key}`;
    if (!allowed.includes(comparator)) {
      throw cursor.fail(`comparator '${comparator}' is not allowed for '${name}' (allowed: ${allowed.join(' ')})`);
    }
    const value = parseValue(cursor, kind, comparator, name);
    comparisons.push({ entity, key, comparator, value });
    if (cursor.done()) return comparisons;
    const conjunction = cursor.next();
    if (!isWord(conjunction, 'AND')) {
      throw cursor.fail(`expected AND between clauses, got '${tokenText(conjunction)}' (only AND is supported)`);
    }
  }
}

/** Parses order_by clauses such as `metrics.rougeL DESC` or `attributes.start_time`. */
export function parseOrderBy(orderBy: readonly string[] | undefined, grammar: SearchGrammar): OrderClause[] {
  return (orderBy ?? []).map((clause) => {
    const cursor = new Cursor(tokenize(clause, 'order_by'), 'order_by', clause);
    const { entity, key } = parseIdentifier(cursor, grammar);
    if (entity === 'dataset') throw cursor.fail('cannot order by a dataset field');
    let ascending = true;
    const direction = cursor.next();
    if (direction !== undefined) {
      if (isWord(direction, 'DESC')) ascending = false;
      else if (!isWord(direction, 'ASC')) throw cursor.fail(`expected ASC or DESC, got '${tokenText(direction)}'`);
    }
    if (!cursor.done()) throw cursor.fail('unexpected text after the sort direction');
    return { entity, key, ascending };
  });
}

function tokenText(token: Token | undefined): string {
  if (!token) return 'end of input';
  return 'text' in token ? token.text : String(token);
}

function invalid(what: string, input: string, message: string): InvalidParameterError {
  return new InvalidParameterError(`Invalid ${what} '${input}': ${message}`);
}
