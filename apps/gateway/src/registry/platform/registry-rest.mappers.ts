import { InvalidParameterError } from '@llmops/contract';
import { payload, queryPayload } from '../../tracking/request-payload';

/** Versions of one model, as a registry search: the name quoted for MLflow's filter grammar. */
export function versionsOfModelQuery(name: string, query: Record<string, unknown>): Record<string, unknown> {
  const search = queryPayload(query, ['order_by']);
  const own = `name = '${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return { ...search, filter: typeof search.filter === 'string' ? `${own} AND ${search.filter}` : own };
}

/**
 * `GET .../history`: the whole trail, or (with `at`, an ISO time or epoch ms) which version held
 * a stage or alias then. The registry validates the rest (exactly one of stage or alias).
 */
export function historyQuery(
  name: string,
  query: Record<string, unknown>,
): { kind: 'list' | 'at'; payload: Record<string, unknown> } {
  const q = queryPayload(query);
  if (q.at === undefined)
    return { kind: 'list', payload: { name, ...(q.version === undefined ? {} : { version: q.version }) } };
  return { kind: 'at', payload: { name, stage: q.stage, alias: q.alias, at: instantOf(q.at) } };
}

function instantOf(value: unknown): number {
  if (typeof value !== 'string') throw new InvalidParameterError('at must be one ISO 8601 time');
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidParameterError(`at '${value}' is not an ISO 8601 time (e.g. 2026-01-31T12:00:00Z)`);
  return ms;
}

/**
 * `PATCH /registered-models/:name`: `new_name` renames, `description` updates; both may come
 * together (rename first, so the update lands on the new name).
 */
export function modelPatch(
  name: string,
  body: unknown,
): { rename?: Record<string, unknown>; update?: (currentName: string) => Record<string, unknown> } {
  const fields = payload(body);
  const { new_name, description, ...rest } = fields;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new InvalidParameterError(`Unknown field(s) ${unknown.join(', ')}: expected new_name, description`);
  if (new_name === undefined && description === undefined) {
    throw new InvalidParameterError('Nothing to change: give new_name and/or description');
  }
  return {
    ...(new_name === undefined ? {} : { rename: { name, new_name } }),
    ...(description === undefined ? {} : { update: (currentName: string) => ({ name: currentName, description }) }),
  };
}
