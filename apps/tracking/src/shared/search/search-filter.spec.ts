import { InvalidParameterError } from '@llmops/contract';
import { EXPERIMENT_SEARCH_GRAMMAR, parseOrderBy, parseSearchFilter, RUN_SEARCH_GRAMMAR } from './search-filter';

const runs = (filter: string) => parseSearchFilter(filter, RUN_SEARCH_GRAMMAR);

describe('parseSearchFilter (MLflow grammar)', () => {
  it('parses the four entity kinds joined by AND, case-insensitively', () => {
    expect(
      runs(`metrics.rouge1 > 0.3 and params.model = 't5' AND tags.stage = "dev" and attributes.status = 'FINISHED'`),
    ).toEqual([
      { entity: 'metric', key: 'rouge1', comparator: '>', value: 0.3 },
      { entity: 'param', key: 'model', comparator: '=', value: 't5' },
      { entity: 'tag', key: 'stage', comparator: '=', value: 'dev' },
      { entity: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
    ]);
  });

  it('returns no comparisons for an empty filter', () => {
    expect(runs('')).toEqual([]);
    expect(runs('   ')).toEqual([]);
    expect(parseSearchFilter(undefined, RUN_SEARCH_GRAMMAR)).toEqual([]);
  });

  it.each([
    ['metrics.loss <= -1.5e-3', { entity: 'metric', key: 'loss', comparator: '<=', value: -0.0015 }],
    ['metrics.x>=2', { entity: 'metric', key: 'x', comparator: '>=', value: 2 }],
    ['metrics.x != 2', { entity: 'metric', key: 'x', comparator: '!=', value: 2 }],
    ['metrics.x <> 2', { entity: 'metric', key: 'x', comparator: '!=', value: 2 }],
    ['metric.x < 1', { entity: 'metric', key: 'x', comparator: '<', value: 1 }],
    ['metrics.eval.rouge1 > 0', { entity: 'metric', key: 'eval.rouge1', comparator: '>', value: 0 }],
    ['metrics."my metric" > 0', { entity: 'metric', key: 'my metric', comparator: '>', value: 0 }],
    ['metrics.`my metric` > 0', { entity: 'metric', key: 'my metric', comparator: '>', value: 0 }],
    ["params.model LIKE 't5%'", { entity: 'param', key: 'model', comparator: 'LIKE', value: 't5%' }],
    ["parameters.model ILIKE '%T5%'", { entity: 'param', key: 'model', comparator: 'ILIKE', value: '%T5%' }],
    ["tags.stage IN ('dev', 'prod')", { entity: 'tag', key: 'stage', comparator: 'IN', value: ['dev', 'prod'] }],
    ["tags.stage NOT IN ('x')", { entity: 'tag', key: 'stage', comparator: 'NOT IN', value: ['x'] }],
    ["tags.'mlflow.runName' = 'a'", { entity: 'tag', key: 'mlflow.runName', comparator: '=', value: 'a' }],
    ['tags.mlflow.runName = "a"', { entity: 'tag', key: 'mlflow.runName', comparator: '=', value: 'a' }],
    ["attributes.run_name = 'my run'", { entity: 'attribute', key: 'run_name', comparator: '=', value: 'my run' }],
    [
      'attributes.start_time > 1700000000000',
      { entity: 'attribute', key: 'start_time', comparator: '>', value: 1.7e12 },
    ],
    ['attributes.created < 5', { entity: 'attribute', key: 'start_time', comparator: '<', value: 5 }],
    ["run.status != 'FAILED'", { entity: 'attribute', key: 'status', comparator: '!=', value: 'FAILED' }],
    ["attributes.run_id IN ('a','b')", { entity: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] }],
    ["datasets.context = 'training'", { entity: 'dataset', key: 'context', comparator: '=', value: 'training' }],
    ["params.q = 'it\\'s'", { entity: 'param', key: 'q', comparator: '=', value: "it's" }],
  ])('parses %s', (filter, expected) => {
    expect(runs(filter)).toEqual([expected]);
  });

  it.each([
    ['OR', "params.a = 'x' OR params.b = 'y'", /only AND/],
    ['unknown entity', "foo.a = 'x'", /invalid attribute key 'foo'/],
    ['unknown attribute', "attributes.color = 'red'", /invalid attribute key 'color'/],
    ['string for a metric', "metrics.a > 'x'", /expected a number/],
    ['number for a param', 'params.a = 1', /expected a quoted string/],
    ['LIKE on a metric', "metrics.a LIKE '1'", /not allowed/],
    ['< on a param', "params.a < 'b'", /not allowed/],
    ['number for a string attribute', 'attributes.status = 1', /expected a quoted string/],
    ['string for a numeric attribute', "attributes.start_time > 'x'", /expected a number/],
    ['missing value', 'metrics.a >', /expected a number/],
    ['missing comparator', 'metrics.a 1', /expected a comparator/],
    ['unterminated quote', "params.a = 'x", /unterminated quote/],
    ['bad IN list', "tags.a IN 'x'", /needs a list/],
    ['trailing AND', "params.a = 'x' AND", /expected an identifier/],
    ['bad dataset key', "datasets.size = 'x'", /invalid dataset key/],
    ['SQL injection attempt', "params.a = 'x'; DROP TABLE tracking_runs", /unexpected character ';'/],
  ])('refuses %s with INVALID_PARAMETER_VALUE', (_name, filter, message) => {
    expect(() => runs(filter)).toThrow(InvalidParameterError);
    expect(() => runs(filter)).toThrow(message);
  });

  it('restricts experiment search to names, ids, times and tags', () => {
    expect(parseSearchFilter("name LIKE 'sum%' and tags.team = 'nlp'", EXPERIMENT_SEARCH_GRAMMAR)).toEqual([
      { entity: 'attribute', key: 'name', comparator: 'LIKE', value: 'sum%' },
      { entity: 'tag', key: 'team', comparator: '=', value: 'nlp' },
    ]);
    expect(() => parseSearchFilter('metrics.a > 1', EXPERIMENT_SEARCH_GRAMMAR)).toThrow(/invalid entity type 'metric'/);
  });
});

describe('parseOrderBy', () => {
  it('parses entity, key and direction (ASC by default)', () => {
    expect(
      parseOrderBy(
        ['metrics.rougeL DESC', 'attributes.start_time ASC', 'params.model', 'start_time desc'],
        RUN_SEARCH_GRAMMAR,
      ),
    ).toEqual([
      { entity: 'metric', key: 'rougeL', ascending: false },
      { entity: 'attribute', key: 'start_time', ascending: true },
      { entity: 'param', key: 'model', ascending: true },
      { entity: 'attribute', key: 'start_time', ascending: false },
    ]);
  });

  it('refuses bad clauses', () => {
    expect(() => parseOrderBy(['metrics.a UP'], RUN_SEARCH_GRAMMAR)).toThrow(/expected ASC or DESC/);
    expect(() => parseOrderBy(['metrics.a DESC x'], RUN_SEARCH_GRAMMAR)).toThrow(/unexpected text/);
    expect(() => parseOrderBy(['attributes.nope'], RUN_SEARCH_GRAMMAR)).toThrow(InvalidParameterError);
  });
});
