import { ErrorCode, InvalidParameterError } from '@llmops/contract';
import { validateBatchLimits, validateKey, validateMetric, validateParam, validateTag } from './validation';
import { decodePageToken, encodePageToken, nextPageToken, pageOf } from './page-token';

describe('validateKey (MLflow rules)', () => {
  it.each(['rouge1', 'eval/rouge-L', 'a.b_c d', 'x/y/z', '.hidden', 'a..b'])('accepts %j', (key) => {
    expect(validateKey(key, 'metric key')).toBe(key);
  });

  it.each([
    ['empty', '', /non-empty/],
    ['too long', 'k'.repeat(251), /at most 250/],
    ['bad characters', 'a$b', /alphanumerics/],
    ['a colon', 'a:b', /alphanumerics/],
    ['a backslash', 'a\\b', /alphanumerics/],
    ['a leading slash', '/abs', /may not start with '\/'/],
    ['a parent segment', 'a/../b', /'\.\.'/],
    ['only a parent', '..', /'\.\.'/],
    ['a current-dir segment', 'a/./b', /'\.'/],
    ['a double slash', 'a//b', /repeated/],
    ['a trailing slash', 'a/', /trailing/],
  ])('refuses %s naming the field', (_name, key, message) => {
    let error: unknown;
    try {
      validateKey(key, 'metric key');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect((error as Error).message).toMatch(/metric key/);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts a key of exactly 250 characters', () => {
    expect(() => validateKey('k'.repeat(250), 'param key')).not.toThrow();
  });

  it('limits param values to 6000 and tag values to 8000 characters', () => {
    expect(() => validateParam('p', 'v'.repeat(6000))).not.toThrow();
    expect(() => validateParam('p', 'v'.repeat(6001))).toThrow(/param 'p' value: at most 6000/);
    expect(() => validateTag('t', 'v'.repeat(8000))).not.toThrow();
    expect(() => validateTag('t', 'v'.repeat(8001))).toThrow(/tag 't' value: at most 8000/);
  });

  it('accepts non-finite metric values but refuses bad timestamps and steps', () => {
    expect(() => validateMetric('m', NaN, 1, 0)).not.toThrow();
    expect(() => validateMetric('m', -Infinity, 1, 0)).not.toThrow();
    expect(() => validateMetric('m', 1, -1, 0)).toThrow(/timestamp/);
    expect(() => validateMetric('m', 1, 1, 0.5)).toThrow(/step/);
  });

  it("applies MLflow's batch limits", () => {
    expect(() => validateBatchLimits(1000, 0, 0)).not.toThrow();
    expect(() => validateBatchLimits(900, 50, 50)).not.toThrow();
    expect(() => validateBatchLimits(1001, 0, 0)).toThrow(/at most 1000 metrics/);
    expect(() => validateBatchLimits(0, 101, 0)).toThrow(/at most 100 params/);
    expect(() => validateBatchLimits(0, 0, 101)).toThrow(/at most 100 tags/);
    expect(() => validateBatchLimits(901, 100, 0)).toThrow(/in total/);
  });
});

describe('page tokens', () => {
  it('round-trip an offset for the same query and refuse others', () => {
    const token = encodePageToken(20, { filter: 'a' });
    expect(decodePageToken(token, { filter: 'a' })).toBe(20);
    expect(decodePageToken(undefined, {})).toBe(0);
    expect(() => decodePageToken(token, { filter: 'b' })).toThrow(/different query/);
    expect(() => decodePageToken('garbage!', {})).toThrow(InvalidParameterError);
    expect(() => decodePageToken(Buffer.from('{"o":-1,"q":"x"}').toString('base64url'), {})).toThrow(
      InvalidParameterError,
    );
    const far = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    for (const o of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const forged = Buffer.from(JSON.stringify({ ...far, o })).toString('base64url');
      expect(() => decodePageToken(forged, { filter: 'a' })).toThrow(InvalidParameterError);
    }
    expect(nextPageToken(0, 10, 11, {})).toBeDefined();
    expect(nextPageToken(0, 10, 10, {})).toBeUndefined();
  });

  it('cut a page at the byte budget and continue after it', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ i, text: 'x'.repeat(100) }));
    const page = pageOf(rows, 0, 10, {}, { budget: 250 });
    expect(page.items.map((r) => r.i)).toEqual([0, 1]);
    expect(decodePageToken(page.nextPageToken, {})).toBe(2);
    const whole = pageOf(rows, 0, 10, {});
    expect(whole.items).toHaveLength(5);
    expect(whole.nextPageToken).toBeUndefined();
    const limited = pageOf(rows, 0, 4, {});
    expect(limited.items).toHaveLength(4);
    expect(decodePageToken(limited.nextPageToken, {})).toBe(4);
    const huge = pageOf([{ text: 'y'.repeat(1000) }, { text: 'z' }], 0, 10, {}, { budget: 10 });
    expect(huge.items).toHaveLength(1);
    expect(pageOf(rows.slice(0, 2), 0, 2, {}, { hasMore: true }).nextPageToken).toBeDefined();
  });
});
