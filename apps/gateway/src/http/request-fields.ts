import { InvalidParameterError } from '@llmops/contract';

/** A request's named values, besides the route parameters: one JSON object. */
export type RequestFields = Record<string, unknown>;

/** Methods whose parameters travel in the query string; a body on them is refused at the door. */
export function isQueryMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * Where a request's fields come from, decided by its method alone, for the route policy and the
 * handlers alike (so the two can never read different values): the query on GET/HEAD (a body
 * there is refused by the JSON middleware), the query and the JSON body on DELETE (MLflow clients
 * send their DELETEs with a body; a field given in both must agree), the body on everything else.
 * A unit test checks every handler reads the source this names (`request-fields.spec.ts`).
 */
export function requestFields(method: string, query: unknown, body: unknown): RequestFields {
  if (isQueryMethod(method)) return objectOf(query, 'query');
  if (method === 'DELETE') return mergedFields(query, body);
  return objectOf(body, 'body');
}

/** DELETE's fields: the query's and the body's; one field named differently by both is refused. */
export function mergedFields(query: unknown, body: unknown): RequestFields {
  const fromQuery = objectOf(query, 'query');
  const fromBody = objectOf(body, 'body');
  for (const [key, value] of Object.entries(fromBody)) {
    if (key in fromQuery && JSON.stringify(fromQuery[key]) !== JSON.stringify(value)) {
      throw new InvalidParameterError(
        `Parameter '${key}' is given in both the query and the body with different values; give it once`,
      );
    }
  }
  return { ...fromQuery, ...fromBody };
}

function objectOf(source: unknown, where: 'query' | 'body'): RequestFields {
  if (source === undefined || source === null || source === '') return {};
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new InvalidParameterError(`The request ${where} must be a JSON object`);
  }
  return source as RequestFields;
}
