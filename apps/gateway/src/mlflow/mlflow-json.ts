import { InvalidParameterError } from '@llmops/contract';

/** A request's fields as MLflow clients send them: a JSON body (POST) or query parameters (GET). */
export type MlflowFields = Record<string, unknown>;

/** The body or query as an object; MLflow requests are always JSON objects. */
export function fieldsOf(source: unknown): MlflowFields {
  if (source === undefined || source === null || source === '') return {};
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new InvalidParameterError('The request body must be a JSON object');
  }
  return source as MlflowFields;
}

/**
 * Copies the named fields that are present. MLflow clients add fields the platform does not know
 * (e.g. `run_uuid` next to `run_id`, MLflow 3's `model_id`), and protobuf reads `null` as unset:
 * both are dropped here so the service's strict validation sees only what it understands.
 */
export function pick(fields: MlflowFields, names: readonly string[]): MlflowFields {
  const out: MlflowFields = {};
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

/** Picks the named fields of every object of a list; anything else is passed as is, for validation to refuse. */
export function pickEach(value: unknown, names: readonly string[]): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item) =>
    typeof item === 'object' && item !== null && !Array.isArray(item) ? pick(item as MlflowFields, names) : item,
  );
}

/** MLflow's run id, under its current name or the older `run_uuid` that clients still send. */
export function runIdOf(fields: MlflowFields): unknown {
  return fields.run_id ?? fields.run_uuid;
}

/** A repeated field: GET query strings give a single value when there is one. */
export function listOf(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** An optional string MLflow clients send empty to mean "not set" (e.g. the first `page_token`). */
export function unlessEmpty(value: unknown): unknown {
  return value === '' ? undefined : value;
}

/** Drops undefined entries so the payload holds only what the caller gave. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
