import { CommanderError } from 'commander';
import {
  DeadlineExceededError,
  errorFromWire,
  ErrorCode,
  GateRejectedError,
  InternalError,
  InvalidParameterError,
  ResourceConflictError,
  ResourceNotFoundError,
  ServiceUnavailableError,
} from '@llmops/contract';
import { errorLine, EXIT, exitCodeOf } from './exit-codes';

describe('exit codes', () => {
  it.each([
    [new ResourceNotFoundError('run x not found'), 3],
    [new GateRejectedError('refused'), 4],
    [new ResourceConflictError('busy'), 4],
    [new ServiceUnavailableError('down'), 5],
    [new DeadlineExceededError('slow'), 5],
    [new InvalidParameterError('bad'), 6],
    [new InternalError('boom'), 1],
    [new Error('anything else'), 1],
    [new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'name'"), 2],
    [Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), 6],
  ])('maps %p to %i', (error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  it('maps every platform error code to a documented exit code', () => {
    const documented = new Set<number>(Object.values(EXIT));
    for (const code of Object.values(ErrorCode)) {
      const exit = exitCodeOf(errorFromWire({ code, message: 'x' }));
      expect(documented.has(exit)).toBe(true);
      expect(exit).not.toBe(EXIT.OK);
      expect(exit).not.toBe(EXIT.USAGE);
    }
  });

  it('prints one line: error: <CODE>: <message>', () => {
    expect(errorLine(new ResourceNotFoundError("Registered model 'm' not found"))).toBe(
      "error: RESOURCE_DOES_NOT_EXIST: Registered model 'm' not found",
    );
    expect(errorLine(new Error('two\nlines'))).toBe('error: INTERNAL_ERROR: two lines');
    expect(errorLine(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(
      "error: USAGE: unknown option '--x'",
    );
  });
});
