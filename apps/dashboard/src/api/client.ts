import createClient from 'openapi-fetch';
import type { components, paths } from './schema.gen';

/** The gateway's wire shapes, named as in its OpenAPI document. */
export type Schemas = components['schemas'];
export type { paths };

/** The JSON body an operation takes. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

const TOKEN_KEY = 'llmops.token';

/** An answer of the API that was not a success: MLflow's `{error_code, message}` and the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The API token of this browser tab (sessionStorage: it goes when the tab does, and no other site
 * can read it). Nothing but the Authorization header ever carries it.
 */
export const token = {
  get(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(value: string | null): void {
    if (value === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, value);
  },
};

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when the API says the token is missing, wrong or revoked (the app shows the sign-in). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function authHeaders(): Record<string, string> {
  const value = token.get();
  return value ? { Authorization: `Bearer ${value}` } : {};
}

/** Every call of the dashboard goes through this client, typed by the gateway's OpenAPI document. */
export const api = createClient<paths>({
  baseUrl: '',
  // Looked up per call (not captured once), so tests can stand in for the network.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders())) request.headers.set(name, value);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) for (const listener of unauthenticatedListeners) listener();
    return response;
  },
});

/** The data of an openapi-fetch answer, or an ApiError carrying the API's code and message. */
export async function data<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data: body, error, response } = await call;
  if (!response.ok || body === undefined || body === null) throw errorOf(response, error);
  return body as NonNullable<T>;
}

export function errorOf(response: Response, error: unknown): ApiError {
  const wire = (typeof error === 'object' && error !== null ? error : {}) as {
    error_code?: unknown;
    message?: unknown;
  };
  return new ApiError(
    response.status,
    typeof wire.error_code === 'string' ? wire.error_code : `HTTP_${response.status}`,
    typeof wire.message === 'string' ? wire.message : response.statusText || `HTTP ${response.status}`,
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
