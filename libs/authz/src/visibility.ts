import { ResourceKind, RPC_HEADERS, hasRole } from '@llmops/contract';
import { rpcHeader } from '@llmops/messaging';
import { callerIdentityOf } from './caller';

/** What the visibility header carries: the ids of one kind of resource the caller may read. */
export interface VisibleSet {
  kind: ResourceKind;
  ids: string[];
}

export function visibleHeader(visible: VisibleSet): string {
  return JSON.stringify({ kind: visible.kind, ids: visible.ids });
}

/**
 * The ids of `kind` a search may return, for the search's query (applied before paging, so pages,
 * counts and page tokens only ever reflect what the caller may read). Undefined means every row:
 * a service-to-service call (no gateway identity) or an admin. A caller the gateway identified
 * without a (well-formed) visible set of that kind sees nothing: a missing header fails closed.
 */
export function visibleIdsOf(ctx: unknown, kind: ResourceKind): string[] | undefined {
  const caller = callerIdentityOf(ctx);
  if (!caller || hasRole(caller.roles, 'admin')) return undefined;
  const header = rpcHeader(ctx, RPC_HEADERS.visible);
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as { kind?: unknown; ids?: unknown };
    if (parsed?.kind !== kind || !Array.isArray(parsed.ids)) return [];
    return parsed.ids.filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
