/** Headers that travel with every internal request. */
export const RPC_HEADERS = {
  correlationId: 'x-correlation-id',
  /** The authenticated caller, as the gateway established it (JSON of `CallerIdentity`). */
  caller: 'x-llmops-caller',
} as const;
