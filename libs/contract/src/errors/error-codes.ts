/**
 * Stable error codes. MLflow's names where MLflow has one, so that MLflow clients understand
 * the platform's errors; the gateway is the only place that turns a code into an HTTP status.
 */
export const ErrorCode = {
  INVALID_PARAMETER_VALUE: 'INVALID_PARAMETER_VALUE',
  RESOURCE_DOES_NOT_EXIST: 'RESOURCE_DOES_NOT_EXIST',
  RESOURCE_ALREADY_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  RESOURCE_CONFLICT: 'RESOURCE_CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  REQUEST_LIMIT_EXCEEDED: 'REQUEST_LIMIT_EXCEEDED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** No service answered the subject (it is down or not deployed). */
  TEMPORARILY_UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
  /** A service was reached but did not answer in time. */
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  ENDPOINT_NOT_FOUND: 'ENDPOINT_NOT_FOUND',
  /** A packaged model could not be loaded (missing file, bad MLmodel, unknown flavor). */
  MODEL_LOAD_FAILED: 'MODEL_LOAD_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ALL_ERROR_CODES as readonly string[]).includes(value);
}
