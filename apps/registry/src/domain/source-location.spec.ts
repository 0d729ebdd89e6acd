import { ErrorCode, LlmopsError } from '@llmops/contract';
import { checkRelativePath, parseSource, storageLocationOf } from './source-location';

const ROOT = 'file:///data/artifacts/1/abc123/artifacts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as LlmopsError).code;
  }
}

describe('model version sources', () => {
  it('accepts runs:/ URIs and stores the artifact root plus the path', () => {
    const ref = parseSource('runs:/abc123/model');
    expect(ref).toEqual({ runId: 'abc123', relativePath: 'model' });
    expect(storageLocationOf('runs:/abc123/model', ref, ROOT)).toBe(`${ROOT}/model`);
    expect(storageLocationOf('runs:/abc123/a/b/', parseSource('runs:/abc123/a/b/'), `${ROOT}/`)).toBe(`${ROOT}/a/b`);
  });

  it("accepts a URI inside the run's artifact location when run_id is given", () => {
    const ref = parseSource(`${ROOT}/model`, 'abc123');
    expect(storageLocationOf(`${ROOT}/model`, ref, ROOT)).toBe(`${ROOT}/model`);
  });

  it.each([
    ['/etc', 'abc123'],
    ['/etc/passwd', undefined],
    ['file:///tmp/x', 'abc123'],
    ['file:///tmp/x', undefined],
    ['../model', 'abc123'],
    ['runs:/abc123/../../etc', undefined],
    ['runs:/abc123/model/../../../etc', undefined],
    ['runs:/abc123/%2e%2e/%2e%2e/etc', undefined],
    ['runs:/abc123/%252e%252e/etc', undefined],
    ['runs:/abc123/..%2fetc', undefined],
    ['runs:/abc123/a\\..\\b', undefined],
    ['runs:/abc123//etc/passwd', undefined],
    ['runs:/abc123/%2Fetc', undefined],
    [`${ROOT}/../../../etc`, 'abc123'],
    [`${ROOT}/%2e%2e/other-run`, 'abc123'],
    [`${ROOT}-evil/model`, 'abc123'],
    ['http://evil.example/model', 'abc123'],
    ['s3://bucket/model', 'abc123'],
    ['models:/other/1', undefined],
    ['runs:/abc123/model', 'other-run'],
    ['runs:/abc123/%zz', undefined],
  ])('refuses %s (run_id %s) with INVALID_PARAMETER_VALUE', (source, runId) => {
    expect(
      codeOf(() => {
        const ref = parseSource(source, runId);
        return storageLocationOf(source, ref, ROOT);
      }),
    ).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('checks relative paths on their own', () => {
    expect(checkRelativePath('model/sub')).toBe('model/sub');
    expect(codeOf(() => checkRelativePath('/abs'))).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(codeOf(() => checkRelativePath('file:x'))).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(codeOf(() => checkRelativePath('a/./b'))).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});
