import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { CallerIdentity } from '@llmops/contract';
import type { VisibleSet } from '@llmops/authz';

/** What the gateway knows about the HTTP request being served, wherever the code runs. */
export interface RequestContext {
  correlationId: string;
  /** Who is calling (set by the authentication middleware; absent on open routes). */
  caller?: CallerIdentity;
  /** On a search by a non-admin: what the caller may read (set by the authorization guard). */
  visible?: VisibleSet;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

// A caller's id is echoed into logs and headers: accept only a plain token, never free text.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is a plain token, else a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTABLE_ID.test(value) ? value : randomUUID();
}
