import { InvalidParameterError } from '@llmops/contract';
import { validateAlias } from './alias-rules';

describe('alias rules', () => {
  it.each(['champion', 'challenger', 'prod_2024-01', 'V', 'version2', 'latest2', 'a'.repeat(255)])(
    'accepts %s',
    (alias) => expect(validateAlias(alias)).toBe(alias),
  );

  it.each(['latest', 'LATEST', 'v1', 'V42', '', 'has space', 'a/b', 'a@b', 'é', 'a'.repeat(256)])(
    'refuses %j',
    (alias) => expect(() => validateAlias(alias)).toThrow(InvalidParameterError),
  );
});
