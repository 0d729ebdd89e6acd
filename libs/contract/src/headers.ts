/** Headers that travel with every internal request. */
export const RPC_HEADERS = {
  correlationId: 'x-correlation-id',
  /** The authenticated caller, as the gateway established it (JSON of `CallerIdentity`). */
  caller: 'x-llmops-caller',
  /**
   * On a search, the ids of the resources the caller may read (JSON `{kind, ids}`), which the
   * owning service applies in its query before paging. Set by the gateway from the identity service.
   */
  visible: 'x-llmops-visible',
} as const;
