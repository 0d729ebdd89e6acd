import {
  InvalidParameterError,
  InvalidStateError,
  LlmopsErrorOptions,
  ResourceAlreadyExistsError,
  ResourceConflictError,
  ResourceNotFoundError,
} from '@llmops/contract';

/** No `_delta_log` commit exists at the table URI. */
export class DeltaTableNotFoundError extends ResourceNotFoundError {}

/** `create` was called on a URI that already holds a Delta table. */
export class DeltaTableAlreadyExistsError extends ResourceAlreadyExistsError {}

/** A requested version (time travel) is not in the log. */
export class DeltaVersionNotFoundError extends ResourceNotFoundError {}

/**
 * The log cannot be replayed: a commit file is missing from the middle of the history, a line is
 * not JSON, or a checkpoint cannot be read. The message names the file.
 */
export class DeltaLogCorruptedError extends InvalidStateError {
  constructor(
    message: string,
    readonly file: string,
    options?: LlmopsErrorOptions,
  ) {
    super(message, { ...options, details: { ...options?.details, file } });
  }
}

/**
 * A concurrent commit changed what this commit was based on (metadata or protocol), or the commit
 * lost the put-if-absent race more times than allowed. Retrying the whole operation is safe.
 */
export class DeltaConcurrentModificationError extends ResourceConflictError {}

/** The table needs a reader/writer protocol version or table feature this library does not implement. */
export class DeltaProtocolNotSupportedError extends InvalidStateError {}

/**
 * `openOrCreate` found a table whose columns or partitioning differ from the ones asked for: the
 * caller's columns are the wrong parameter for this table.
 */
export class DeltaSchemaMismatchError extends InvalidParameterError {}
