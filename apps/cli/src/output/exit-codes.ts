import { ErrorCode, LlmopsError } from '@llmops/contract';

/** The `llmops` exit codes (documented in docs/cli.md): scripts branch on these, so they are stable. */
export const EXIT = {
  OK: 0,
  UNEXPECTED: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  REFUSED: 4,
  UNREACHABLE: 5,
  INVALID_INPUT: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const EXIT_OF_CODE: Record<ErrorCode, ExitCode> = {
  INVALID_PARAMETER_VALUE: EXIT.INVALID_INPUT,
  MODEL_LOAD_FAILED: EXIT.INVALID_INPUT,
  RESOURCE_DOES_NOT_EXIST: EXIT.NOT_FOUND,
  ENDPOINT_NOT_FOUND: EXIT.NOT_FOUND,
  RESOURCE_CONFLICT: EXIT.REFUSED,
  RESOURCE_ALREADY_EXISTS: EXIT.REFUSED,
  INVALID_STATE: EXIT.REFUSED,
  PERMISSION_DENIED: EXIT.REFUSED,
  UNAUTHENTICATED: EXIT.REFUSED,
  TEMPORARILY_UNAVAILABLE: EXIT.UNREACHABLE,
  DEADLINE_EXCEEDED: EXIT.UNREACHABLE,
  REQUEST_LIMIT_EXCEEDED: EXIT.UNREACHABLE,
  INTERNAL_ERROR: EXIT.UNEXPECTED,
};

/** Commander's parse errors (unknown option, missing argument, bad option value). */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('commander.');
}

/** Node's errors on local files the user named (a dataset path that does not exist, ...). */
function isLocalFileError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES';
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof LlmopsError) return EXIT_OF_CODE[error.code] ?? EXIT.UNEXPECTED;
  if (isUsageError(error)) return EXIT.USAGE;
  if (isLocalFileError(error)) return EXIT.INVALID_INPUT;
  return EXIT.UNEXPECTED;
}

/** The stable code printed in the error line: the platform's code, USAGE, or INTERNAL_ERROR. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof LlmopsError) return error.code;
  if (isUsageError(error)) return 'USAGE';
  if (isLocalFileError(error)) return ErrorCode.INVALID_PARAMETER_VALUE;
  return ErrorCode.INTERNAL_ERROR;
}

/** `error: <CODE>: <message>`, one line whatever the message holds. */
export function errorLine(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `error: ${errorCodeOf(error)}: ${message}`;
}
