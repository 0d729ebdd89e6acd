import { InvalidParameterError } from '@llmops/contract';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';

/**
 * JSON bodies up to `limit`. Malformed JSON is INVALID_PARAMETER_VALUE (as MLflow answers it).
 * Artifact uploads are left alone: they are streamed to the artifact store, never buffered.
 */
export function jsonBody(limit: string, isStreamed: (req: Request) => boolean) {
  const parse = json({ limit, strict: false, type: (req) => !isStreamed(req as Request) && isJson(req as Request) });
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (error?: unknown) => {
      if (error instanceof SyntaxError) {
        next(new InvalidParameterError(`Malformed JSON in the request body: ${error.message}`));
        return;
      }
      next(error);
    });
  };
}

function isJson(req: Request): boolean {
  const type = req.headers['content-type'];
  // MLflow's Python client always sends JSON; a body without a content type is read as JSON too.
  if (type === undefined) return req.method !== 'GET' && req.method !== 'HEAD';
  return /^application\/([\w.+-]+\+)?json\b/i.test(type);
}
