import { InvalidParameterError } from '@llmops/contract';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { isQueryMethod } from '../http/request-fields';

/**
 * How deep a JSON body may nest. MLflow's deepest request (log-inputs: datasets, tags) is four
 * levels; deeper values only reach code that recurses (validation, serialisation) and overflow
 * its stack, which would answer 500 instead of refusing the request.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON bodies up to `limit` and `MAX_JSON_DEPTH`. Malformed JSON is INVALID_PARAMETER_VALUE (as
 * MLflow answers it). A body on GET/HEAD is refused: those requests carry their fields in the
 * query, and the route policy and handlers read only that (`requestFields`). Artifact uploads are
 * left alone: they are streamed to the artifact store, never buffered.
 */
export function jsonBody(limit: string, isStreamed: (req: Request) => boolean) {
  const parse = json({
    limit,
    strict: false,
    type: (req) => !isStreamed(req as Request) && isJson(req as Request),
    verify: (_req, _res, buffer) => assertDepthAtMost(buffer, MAX_JSON_DEPTH),
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isQueryMethod(req.method) && hasBody(req)) {
      // The body is not read: the connection cannot be reused for another request.
      res.setHeader('Connection', 'close');
      next(
        new InvalidParameterError(
          `A ${req.method} request carries its parameters in the query string; a request body is not accepted`,
        ),
      );
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (error instanceof SyntaxError) {
        next(new InvalidParameterError(`Malformed JSON in the request body: ${error.message}`));
        return;
      }
      next(error);
    });
  };
}

/** A body is coming when its length is announced and not zero, or it is chunked. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Refuses JSON nested deeper than `max` (arrays and objects), counting outside strings only. */
export function assertDepthAtMost(buffer: Buffer, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i];
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) {
        throw new InvalidParameterError(`The JSON body is nested deeper than ${max} levels`);
      }
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
}

function isJson(req: Request): boolean {
  const type = req.headers['content-type'];
  // MLflow's Python client always sends JSON; a body without a content type is read as JSON too.
  if (type === undefined) return !isQueryMethod(req.method);
  return /^application\/([\w.+-]+\+)?json\b/i.test(type);
}
