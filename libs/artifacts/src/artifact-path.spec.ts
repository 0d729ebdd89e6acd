import { ErrorCode, InvalidParameterError } from '@llmops/contract';
import { joinArtifactPath, safeArtifactPath } from './artifact-path';

function refusal(path: string) {
  try {
    safeArtifactPath(path);
  } catch (error) {
    return error as InvalidParameterError;
  }
  throw new Error(`expected ${JSON.stringify(path)} to be refused`);
}

describe('safeArtifactPath', () => {
  it.each([
    ['', ''],
    ['model', 'model'],
    ['model/MLmodel', 'model/MLmodel'],
    ['./model//weights/./a.onnx', 'model/weights/a.onnx'],
    ['dir/', 'dir'],
    ['a b/c-d_e.f', 'a b/c-d_e.f'],
    ['..foo/bar..', '..foo/bar..'],
    ['100% done.txt', '100% done.txt'],
  ])('keeps %j as %j', (input, expected) => {
    expect(safeArtifactPath(input)).toBe(expected);
  });

  it('treats a missing path as the root', () => {
    expect(safeArtifactPath(undefined)).toBe('');
    expect(safeArtifactPath(null)).toBe('');
  });

  it.each([
    ['parent segment', '../etc/passwd'],
    ['parent segment in the middle', 'model/../../etc/passwd'],
    ['bare parent', '..'],
    ['trailing parent', 'model/..'],
    ['backslash parent', '..\\windows\\win.ini'],
    ['backslash inside', 'model\\..\\..\\x'],
    ['absolute POSIX path', '/etc/passwd'],
    ['absolute UNC path', '\\\\server\\share'],
    ['drive letter', 'C:\\Windows\\system32'],
    ['drive letter with slash', 'c:/Windows'],
    ['drive-relative', 'C:foo'],
    ['URI', 'file:///etc/passwd'],
    ['URL-encoded ../', '%2e%2e%2fetc%2fpasswd'],
    ['URL-encoded upper case', '%2E%2E%2Fsecret'],
    ['encoded slash only', 'model%2f..%2f..%2fx'],
    ['encoded dots with real slash', '%2e%2e/secret'],
    ['double-encoded', '%252e%252e%252fsecret'],
    ['encoded NUL', 'a%00b'],
    ['NUL byte', 'model\u0000.txt'],
    ['NUL byte then traversal', 'ok\u0000/../../x'],
    ['control character', 'a\nb'],
    ['path parameter', 'model;jsessionid=1/x'],
    ['path parameter hiding a parent', '..;/secret'],
    ['home directory', '~/x'],
    ['a name longer than 255 bytes', `dir/${'a'.repeat(256)}`],
    ['a name of 128 two-byte characters', 'é'.repeat(128)],
    ['a path longer than 2048 bytes', 'd/'.repeat(1100) + 'f'],
  ])('refuses %s (%j) with INVALID_PARAMETER_VALUE', (_name, path) => {
    const error = refusal(path);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(error.message).toMatch(/artifact root/);
  });

  it('joins under a prefix and still refuses escapes', () => {
    expect(joinArtifactPath('predictions', 'predictions.jsonl')).toBe('predictions/predictions.jsonl');
    expect(joinArtifactPath('', 'x')).toBe('x');
    expect(() => joinArtifactPath('a', '../../b')).toThrow(InvalidParameterError);
  });
});
