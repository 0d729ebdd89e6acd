import { ErrorCode, errorFromWire, InternalError, isWireError, LlmopsError } from '@llmops/contract';

/** Nest's text when a service is reached but has no handler for the subject. */
const NO_HANDLER = 'There is no matching message handler defined in the remote service.';

/** Turns whatever a handler rejected with (as it arrives over the wire) into a named error. */
export function errorFromAnswer(subject: string, err: unknown): LlmopsError {
  if (isWireError(err)) return errorFromWire(err);
  if (err === NO_HANDLER) {
    return errorFromWire({ code: ErrorCode.ENDPOINT_NOT_FOUND, message: `No handler for subject '${subject}'` });
  }
  const text = typeof err === 'string' ? err : JSON.stringify(err);
  return new InternalError(`Service answering '${subject}' failed: ${text}`, { cause: err });
}
