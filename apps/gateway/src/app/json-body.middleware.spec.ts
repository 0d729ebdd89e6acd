import { ErrorCode } from '@llmops/contract';
import { assertDepthAtMost } from './json-body.middleware';

const depthRefusal = (text: string, max: number) => {
  try {
    assertDepthAtMost(Buffer.from(text), max);
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('JSON depth limit', () => {
  it('counts arrays and objects, not brackets inside strings (escaped quotes included)', () => {
    expect(depthRefusal('{"a":[[1]]}', 3)).toBeUndefined();
    expect(depthRefusal('{"a":[[[1]]]}', 3)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(depthRefusal('{"a":"[[[[[[[[[[{{{{{{"}', 1)).toBeUndefined();
    expect(depthRefusal('{"a":"\\"[[[[[","b":1}', 1)).toBeUndefined();
    expect(depthRefusal('{"a":"\\\\","b":[[1]]}', 2)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('refuses 100k levels in linear time without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(depthRefusal(deep, 32)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});
