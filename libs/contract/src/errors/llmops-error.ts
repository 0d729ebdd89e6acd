import { ErrorCode, isErrorCode } from './error-codes';

/** The shape an error takes on the wire (NATS replies) between services. */
export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export interface LlmopsErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** Base of every error the platform raises on purpose: a stable code, a message, a cause. */
export class LlmopsError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: LlmopsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export class InvalidParameterError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.INVALID_PARAMETER_VALUE, message, options);
  }
}

export class ResourceNotFoundError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.RESOURCE_DOES_NOT_EXIST, message, options);
  }
}

export class ResourceAlreadyExistsError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.RESOURCE_ALREADY_EXISTS, message, options);
  }
}

export class ResourceConflictError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.RESOURCE_CONFLICT, message, options);
  }
}

export class InvalidStateError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.INVALID_STATE, message, options);
  }
}

export class PermissionDeniedError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.PERMISSION_DENIED, message, options);
  }
}

export class UnauthenticatedError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.UNAUTHENTICATED, message, options);
  }
}

export class RequestLimitExceededError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.REQUEST_LIMIT_EXCEEDED, message, options);
  }
}

export class InternalError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.INTERNAL_ERROR, message, options);
  }
}

export class ServiceUnavailableError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.TEMPORARILY_UNAVAILABLE, message, options);
  }
}

export class DeadlineExceededError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.DEADLINE_EXCEEDED, message, options);
  }
}

export class ModelLoadError extends LlmopsError {
  constructor(message: string, options?: LlmopsErrorOptions) {
    super(ErrorCode.MODEL_LOAD_FAILED, message, options);
  }
}

/**
 * A promotion the gate refused. MLflow's `INVALID_STATE` (a code every MLflow client knows: the
 * version's evaluation does not allow the move), with each failed check in the message.
 */
export class GateRejectedError extends InvalidStateError {}

const ERROR_CLASSES: Record<ErrorCode, new (message: string, options?: LlmopsErrorOptions) => LlmopsError> = {
  INVALID_PARAMETER_VALUE: InvalidParameterError,
  RESOURCE_DOES_NOT_EXIST: ResourceNotFoundError,
  RESOURCE_ALREADY_EXISTS: ResourceAlreadyExistsError,
  RESOURCE_CONFLICT: ResourceConflictError,
  INVALID_STATE: InvalidStateError,
  PERMISSION_DENIED: PermissionDeniedError,
  UNAUTHENTICATED: UnauthenticatedError,
  REQUEST_LIMIT_EXCEEDED: RequestLimitExceededError,
  INTERNAL_ERROR: InternalError,
  TEMPORARILY_UNAVAILABLE: ServiceUnavailableError,
  DEADLINE_EXCEEDED: DeadlineExceededError,
  ENDPOINT_NOT_FOUND: class EndpointNotFoundError extends LlmopsError {
    constructor(message: string, options?: LlmopsErrorOptions) {
      super(ErrorCode.ENDPOINT_NOT_FOUND, message, options);
    }
  },
  MODEL_LOAD_FAILED: ModelLoadError,
};

export function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    isErrorCode((value as WireError).code) &&
    typeof (value as WireError).message === 'string'
  );
}

/** Rebuilds the named error class from a wire error, so callers can `instanceof` across NATS. */
export function errorFromWire(wire: WireError, cause?: unknown): LlmopsError {
  const ErrorClass = ERROR_CLASSES[wire.code];
  return new ErrorClass(wire.message, { cause, details: wire.details });
}
