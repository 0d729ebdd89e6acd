import { ErrorCode } from '../errors';
import { assertStorableText, textProblem } from './input-limits';

describe('storable text', () => {
  it('refuses NUL and lone surrogates, accepts any other Unicode', () => {
    expect(textProblem('plain, é, 漢字, 🙂, \t\n')).toBeUndefined();
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\ud800b')).toMatch(/surrogate/);
    expect(textProblem('\udc00')).toMatch(/surrogate/);
  });

  it('walks a whole payload, keys included, and names the field', () => {
    const refused = (payload: unknown) => {
      try {
        assertStorableText(payload);
        return undefined;
      } catch (error) {
        return error as { code: string; message: string };
      }
    };
    expect(refused({ run_id: 'r', tags: [{ key: 'k', value: 'v' }] })).toBeUndefined();
    expect(refused({ run_id: 'r', tags: [{ key: 'k', value: 'a\u0000' }] })).toMatchObject({
      code: ErrorCode.INVALID_PARAMETER_VALUE,
      message: expect.stringContaining('tags[0].value'),
    });
    expect(refused({ ['k\u0000']: 1 })?.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(refused({ a: [['ok', 'b\u0000']] })?.message).toContain('for a[0][1]:');
    expect(refused(['ok', { k: 'b\u0000' }])?.message).toContain('for [1].k:');
    expect(refused('b\u0000')?.message).toContain('for the request:');
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refused(deep)?.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});
