import { InvalidParameterError } from '@llmops/contract';
import {
  decodePageToken,
  encodePageToken,
  MODEL_FILTER,
  PAGE_ROW_CAP,
  pageOf,
  parseFilter,
  parseOrderBy,
  promptScope,
  rowsToRead,
  VERSION_FILTER,
} from './search-filter';

describe('search filters', () => {
  it('parses MLflow filters', () => {
    expect(parseFilter("name LIKE '%summ%'", MODEL_FILTER)).toEqual([{ field: 'name', op: 'LIKE', value: '%summ%' }]);
    expect(parseFilter(`name = "a b" and run_id IN ('r1', 'r2')`, VERSION_FILTER)).toEqual([
      { field: 'name', op: '=', value: 'a b' },
      { field: 'run_id', op: 'IN', value: ['r1', 'r2'] },
    ]);
    expect(parseFilter("tags.team = 'nlp'", MODEL_FILTER)).toEqual([{ tag: 'team', op: '=', value: 'nlp' }]);
    expect(parseFilter(" name ILIKE 'X%' ", MODEL_FILTER)).toEqual([{ field: 'name', op: 'ILIKE', value: 'X%' }]);
    expect(parseFilter("name = 'it\\'s'", MODEL_FILTER)).toEqual([{ field: 'name', op: '=', value: "it's" }]);
    expect(parseFilter(undefined, MODEL_FILTER)).toEqual([]);
  });

  it("accepts what MLflow's search utilities accept for tags and attributes", () => {
    // What every MLflow 3.x search_registered_models call appends.
    expect(parseFilter("name LIKE 'n%' AND tag.`mlflow.prompt.is_prompt` != 'true'", MODEL_FILTER)).toEqual([
      { field: 'name', op: 'LIKE', value: 'n%' },
      { tag: 'mlflow.prompt.is_prompt', op: '!=', value: 'true' },
    ]);
    expect(parseFilter('tags.`a b` like "x%"', MODEL_FILTER)).toEqual([{ tag: 'a b', op: 'LIKE', value: 'x%' }]);
    expect(parseFilter("tags.mlflow.source.type = 'LOCAL'", MODEL_FILTER)).toEqual([
      { tag: 'mlflow.source.type', op: '=', value: 'LOCAL' },
    ]);
    expect(parseFilter(`tags."team" = 'a'`, MODEL_FILTER)).toEqual([{ tag: 'team', op: '=', value: 'a' }]);
    expect(parseFilter("attribute.name != 'x'", MODEL_FILTER)).toEqual([{ field: 'name', op: '!=', value: 'x' }]);
    expect(parseFilter('`name` = "x"', MODEL_FILTER)).toEqual([{ field: 'name', op: '=', value: 'x' }]);
    expect(parseFilter("run_id IN('a')", VERSION_FILTER)).toEqual([{ field: 'run_id', op: 'IN', value: ['a'] }]);
    expect(parseFilter("source_path LIKE 'mlflow-artifacts:%'", VERSION_FILTER)).toEqual([
      { field: 'source', op: 'LIKE', value: 'mlflow-artifacts:%' },
    ]);
    expect(parseFilter("version_number >= 2 and version_number < '5'", VERSION_FILTER)).toEqual([
      { field: 'version', op: '>=', value: 2 },
      { field: 'version', op: '<', value: 5 },
    ]);
  });

  it.each([
    ["run_id = 'x'", 'invalid attribute key'], // not a registered model attribute
    ['name = x', 'quoted string'],
    ["name ~ 'x'", 'expected a comparator'],
    ["name = 'a' OR name = 'b'", 'joined with AND'],
    ["name = 'a'; DROP TABLE x", 'joined with AND'],
    ["name IN ('a')", "only the 'run_id'"],
    ["name > 'a'", 'not >'],
    ["tags.x IN ('a')", 'tags support'],
    ['tags.x = 1', 'quoted string'],
    ["params.x = 'a'", "invalid entity type 'params'"],
    ["tags. = 'a'", 'expected a key'],
    ["name = 'a", 'unterminated'],
    ["name = 'a' AND", 'expected an attribute'],
    ['name', 'expected a comparator'],
  ])('refuses %s for registered models', (filter, why) => {
    expect(() => parseFilter(filter, MODEL_FILTER)).toThrow(InvalidParameterError);
    expect(() => parseFilter(filter, MODEL_FILTER)).toThrow(why);
  });

  it.each([
    "run_id IN ('a'",
    'run_id IN ()',
    "run_id IN ('a' 'b')",
    "version_number = 'x'",
    'version_number = 1.5',
    "version_number LIKE '1%'",
    "source_path > 'a'",
    "name IN ('a')",
    "current_stage = 'Production'",
  ])('refuses %s for model versions', (filter) =>
    expect(() => parseFilter(filter, VERSION_FILTER)).toThrow(InvalidParameterError),
  );

  it('keeps prompts out unless the filter asks for them, as MLflow 3', () => {
    const notPrompt = parseFilter("tags.`mlflow.prompt.is_prompt` != 'true' AND tags.team = 'a'", MODEL_FILTER);
    expect(promptScope(notPrompt)).toEqual({
      conditions: [{ tag: 'team', op: '=', value: 'a' }],
      excludePrompts: true,
    });
    expect(promptScope([])).toEqual({ conditions: [], excludePrompts: true });
    expect(promptScope(parseFilter("tags.`mlflow.prompt.is_prompt` = 'false'", MODEL_FILTER))).toEqual({
      conditions: [],
      excludePrompts: true,
    });
    const prompts = parseFilter("tags.`mlflow.prompt.is_prompt` = 'TRUE'", MODEL_FILTER);
    expect(promptScope(prompts)).toEqual({ conditions: prompts, excludePrompts: false });
    const notFalse = parseFilter("tags.`mlflow.prompt.is_prompt` != 'false'", MODEL_FILTER);
    expect(promptScope(notFalse)).toEqual({ conditions: notFalse, excludePrompts: false });
  });

  it('cuts pages by rows and bytes, with a token to continue', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ i, text: 'x'.repeat(100) }));
    expect(rowsToRead(10)).toBe(11);
    expect(rowsToRead(200_000)).toBe(PAGE_ROW_CAP + 1);
    const whole = pageOf(rows.slice(0, 10), 0, 10);
    expect(whole.items).toHaveLength(10);
    expect(whole.nextPageToken).toBeUndefined();
    const more = pageOf(rows, 0, 10);
    expect(more.items).toHaveLength(10);
    expect(decodePageToken(more.nextPageToken)).toBe(10);
    const cut = pageOf(rows, 20, 10, 3 * JSON.stringify(rows[0]).length + 10);
    expect(cut.items).toHaveLength(3);
    expect(decodePageToken(cut.nextPageToken)).toBe(23);
    // A row larger than the budget still travels alone.
    expect(pageOf(rows, 0, 10, 1).items).toHaveLength(1);
  });

  it('parses order_by with tie-breakers', () => {
    expect(
      parseOrderBy(
        ['last_updated_timestamp DESC'],
        ['name', 'last_updated_timestamp'],
        [{ column: 'name', direction: 'ASC' }],
      ),
    ).toEqual([
      { column: 'last_updated_timestamp', direction: 'DESC' },
      { column: 'name', direction: 'ASC' },
    ]);
    expect(() => parseOrderBy(['name; drop'], ['name'], [])).toThrow(InvalidParameterError);
    expect(() => parseOrderBy(['version ASC'], ['name'], [])).toThrow(InvalidParameterError);
  });

  it('round-trips page tokens and refuses forged ones', () => {
    expect(decodePageToken(encodePageToken(40))).toBe(40);
    expect(decodePageToken(undefined)).toBe(0);
    expect(() => decodePageToken('garbage')).toThrow(InvalidParameterError);
    expect(() => decodePageToken(Buffer.from('{"offset":-1}').toString('base64url'))).toThrow(InvalidParameterError);
    for (const offset of ['1e300', String(2 ** 31), String(Number.MAX_SAFE_INTEGER)]) {
      expect(() => decodePageToken(Buffer.from(`{"offset":${offset}}`).toString('base64url'))).toThrow(
        InvalidParameterError,
      );
    }
  });
});
