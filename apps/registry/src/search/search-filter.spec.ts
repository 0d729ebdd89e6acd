import { InvalidParameterError } from '@llmops/contract';
import { decodePageToken, encodePageToken, parseFilter, parseOrderBy } from './search-filter';

describe('search filters', () => {
  it('parses MLflow filters', () => {
    expect(parseFilter("name LIKE '%summ%'", ['name'])).toEqual([{ field: 'name', op: 'LIKE', value: '%summ%' }]);
    expect(parseFilter(`name = "a b" and run_id IN ('r1', 'r2')`, ['name', 'run_id'])).toEqual([
      { field: 'name', op: '=', value: 'a b' },
      { field: 'run_id', op: 'IN', value: ['r1', 'r2'] },
    ]);
    expect(parseFilter("tags.team = 'nlp'", ['name'])).toEqual([{ tag: 'team', op: '=', value: 'nlp' }]);
    expect(parseFilter(" name ILIKE 'X%' ", ['name'])).toEqual([{ field: 'name', op: 'ILIKE', value: 'X%' }]);
    expect(parseFilter("name = 'it\\'s'", ['name'])).toEqual([{ field: 'name', op: '=', value: "it's" }]);
    expect(parseFilter(undefined, ['name'])).toEqual([]);
  });

  it.each([
    "run_id = 'x'", // not a model attribute
    'name = x',
    "name ~ 'x'",
    "name = 'a' OR name = 'b'",
    "name = 'a'; DROP TABLE x",
    "name IN ('a'",
    'name',
  ])('refuses %s', (filter) => expect(() => parseFilter(filter, ['name'])).toThrow(InvalidParameterError));

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
