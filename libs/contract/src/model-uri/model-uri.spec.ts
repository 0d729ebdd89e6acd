import { ErrorCode } from '../errors';
import { formatModelUri, parseModelUri } from './model-uri';

describe('parseModelUri', () => {
  it.each([
    ['runs:/abc123/model', { kind: 'run', runId: 'abc123', path: 'model' }],
    ['runs:/abc123/models/summarizer/', { kind: 'run', runId: 'abc123', path: 'models/summarizer' }],
    ['models:/news-summarizer/3', { kind: 'model-version', name: 'news-summarizer', version: 3 }],
    ['models:/news-summarizer/production', { kind: 'model-stage', name: 'news-summarizer', stage: 'Production' }],
    ['models:/news-summarizer@champion', { kind: 'model-alias', name: 'news-summarizer', alias: 'champion' }],
    [`models:/m-${'0a'.repeat(16)}`, { kind: 'logged-model', modelId: `m-${'0a'.repeat(16)}` }],
  ])('parses %s', (uri, expected) => {
    expect(parseModelUri(uri)).toEqual(expected);
  });

  it.each([
    '',
    'runs:/abc',
    'runs://model',
    'models:/x',
    'models:/x/0',
    'models:/x/Prod',
    's3://bucket/x',
    'models:/x@bad alias',
    'models:/m-ABC',
    `models:/m-${'a'.repeat(31)}`,
  ])('refuses %j with INVALID_PARAMETER_VALUE', (uri) => {
    expect(() => parseModelUri(uri)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_PARAMETER_VALUE }));
  });

  it('round-trips through formatModelUri', () => {
    for (const uri of [
      'runs:/r1/model',
      'models:/m/2',
      'models:/m/Staging',
      'models:/m@challenger',
      `models:/m-${'f'.repeat(32)}`,
    ]) {
      expect(formatModelUri(parseModelUri(uri))).toBe(uri);
    }
  });
});
