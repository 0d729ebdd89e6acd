import { InvalidParameterError } from '@llmops/contract';

/**
 * A platform REST request's payload for the service: the JSON body with the ids the URL names.
 * The URL wins over the body, so a body cannot redirect a write to another run. The service
 * validates the result (one set of rules for every caller).
 */
export function payload(body: unknown, fromPath: Record<string, string> = {}): Record<string, unknown> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new InvalidParameterError('The request body must be a JSON object');
  }
  return { ...((body as Record<string, unknown> | undefined) ?? {}), ...fromPath };
}

/** Query parameters for a search or a page: repeated ones (order_by) always as lists. */
export function queryPayload(query: Record<string, unknown>, lists: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    out[key] = lists.includes(key) && !Array.isArray(value) ? [value] : value;
  }
  return out;
}
