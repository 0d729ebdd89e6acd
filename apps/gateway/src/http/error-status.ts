import { ErrorCode } from '@llmops/contract';

/**
 * The one table that turns a platform error code into an HTTP status. MLflow's own mapping where
 * MLflow has the code (RESOURCE_ALREADY_EXISTS is 400 there, not 409).
 */
export const HTTP_STATUS_OF_CODE: Record<ErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_CONFLICT: 409,
  INVALID_STATE: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  REQUEST_LIMIT_EXCEEDED: 429,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  ENDPOINT_NOT_FOUND: 404,
  MODEL_LOAD_FAILED: 422,
  INTERNAL_ERROR: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS_OF_CODE[code] ?? 500;
}

/** For framework errors that carry only a status (guards, unknown routes, body parser). */
export function codeOfHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 413:
    case 415:
      return ErrorCode.INVALID_PARAMETER_VALUE;
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.PERMISSION_DENIED;
    case 404:
    case 405:
      return ErrorCode.ENDPOINT_NOT_FOUND;
    case 409:
      return ErrorCode.RESOURCE_CONFLICT;
    case 429:
      return ErrorCode.REQUEST_LIMIT_EXCEEDED;
    case 503:
      return ErrorCode.TEMPORARILY_UNAVAILABLE;
    case 504:
      return ErrorCode.DEADLINE_EXCEEDED;
    default:
      return ErrorCode.INTERNAL_ERROR;
  }
}
