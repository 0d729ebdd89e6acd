import { LlmopsError } from '@llmops/contract';

/** Awaits a promise that must reject, and returns the error (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<LlmopsError> {
  try {
    const value = await promise;
    throw new Error(`Expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    return error as LlmopsError;
  }
}
