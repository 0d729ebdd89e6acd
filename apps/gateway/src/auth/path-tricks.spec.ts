import { assertNoPathTricks, pathTrickOf } from './path-tricks';

const request = (over: Partial<Parameters<typeof assertNoPathTricks>[0]>) => ({
  originalUrl: '/api/v1/runs/r1/artifacts/a.txt',
  params: {},
  query: {},
  body: {},
  ...over,
});

describe('path tricks', () => {
  it.each([
    ['../secret', "'..'"],
    ['a/../../secret', "'..'"],
    ['..\\secret', 'backslash'],
    ['%2e%2e%2fsecret', "'..'"],
    ['%252e%252e%252fsecret', "'..'"],
    ['..;/secret', "';'"],
    ['/etc/passwd', 'absolute'],
    ['file:///../etc', "'..'"],
    ['a\u0000b', 'control'],
  ])('refuses %s', (value, reason) => {
    expect(pathTrickOf(value, { absoluteAllowed: false })).toMatch(
      new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    );
  });

  it('accepts ordinary relative paths and URIs', () => {
    for (const ok of ['model/MLmodel', 'a..b/c', 'predictions/predictions.jsonl', 'with%20space.txt']) {
      expect(pathTrickOf(ok, { absoluteAllowed: false })).toBeUndefined();
    }
    expect(pathTrickOf('file:///data/news.jsonl', { absoluteAllowed: true })).toBeUndefined();
    expect(pathTrickOf('runs:/abc/model', { absoluteAllowed: true })).toBeUndefined();
  });

  it('checks the raw URL, each route parameter segment, the query and the body', () => {
    expect(() => assertNoPathTricks(request({ originalUrl: '/api/v1/runs/r1/artifacts/%252e%252e/x' }))).toThrow(
      /URL path/,
    );
    expect(() => assertNoPathTricks(request({ params: { path: ['a', '/etc/passwd'] } }))).toThrow(/encoded separator/);
    expect(() => assertNoPathTricks(request({ query: { path: '../x' } }))).toThrow(/path/);
    expect(() => assertNoPathTricks(request({ body: { source: 'runs:/r1/..;/x' } }))).toThrow(/source/);
    expect(() => assertNoPathTricks(request({ body: { datasetUri: 'data/../../etc/passwd' } }))).toThrow(/datasetUri/);
    expect(() => assertNoPathTricks(request({ body: { source: 'runs:/r1/model', name: 'm' } }))).not.toThrow();
    // `a//b.txt` as a wildcard route parameter: an empty segment, as in a `path` field.
    expect(() => assertNoPathTricks(request({ params: { path: ['a', '', 'b.txt'] } }))).toThrow(/empty segment/);
    expect(() => assertNoPathTricks(request({ query: { path: 'a//b.txt' } }))).toThrow(/empty segment/);
    expect(() => assertNoPathTricks(request({ params: { path: ['a', 'b.txt'] } }))).not.toThrow();
  });
});
