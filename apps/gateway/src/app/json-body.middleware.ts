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
  const limitBytes = bytesOf(limit);
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
    const done = (error?: unknown) => {
      if (error instanceof SyntaxError) {
        next(new InvalidParameterError(`Malformed JSON in the request body: ${error.message}`));
        return;
      }
      next(error);
    };
    if (isPlainJsonWithin(req, limitBytes) && !isStreamed(req)) readPlainJson(req, done);
    else parse(req, res, done);
  };
}

/** `BODY_LIMIT` in bytes (its syntax is checked by the gateway's config: digits and b, kb, mb or gb). */
export function bytesOf(limit: string): number {
  const match = /^(\d+)(b|kb|mb|gb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`Not a byte size: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Number(match[1]) * unit;
}

const PLAIN_JSON_TYPE = /^application\/json\s*(;\s*charset=("?)utf-8\2\s*)?$/i;

/**
 * The common request (what MLflow's clients send): `application/json` in UTF-8, neither compressed
 * nor chunked, its announced length within the limit. It is read here in a few lines; anything else
 * goes to body-parser, which answers every other case (compression, other charsets, a body over
 * the limit, chunked bodies). body-parser cost about 4% of the gateway's CPU on a `log-metric` call
 * (its stream wrapper, an AsyncResource bind, a charset decoder, content-type parsing) for the
 * same result: the spec compares the two on the same requests.
 */
export function isPlainJsonWithin(req: Request, limit: number): boolean {
  const headers = req.headers;
  if (headers['transfer-encoding'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = headers['content-type'];
  if (type !== undefined && !PLAIN_JSON_TYPE.test(type)) return false;
  if (type === undefined && isQueryMethod(req.method)) return false;
  const length = headers['content-length'];
  if (length === undefined || !/^\d+$/.test(length)) return false;
  const bytes = Number(length);
  return bytes > 0 && bytes <= limit && !req.readableEnded;
}

/**
 * Reads the announced length and parses it as body-parser would: the depth check on the bytes,
 * UTF-8 (a byte order mark dropped, as body-parser's decoder does), `JSON.parse`. Node's parser
 * ends the body at the announced length; a connection closed before that is body-parser's
 * "request aborted" (400). The async context is not carried to `next`: requestContextBinder,
 * the next middleware, sets it again for the handlers (as it does after body-parser).
 */
export function readPlainJson(req: Request, next: (error?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let finished = false;
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('error', onClose);
    req.removeListener('close', onClose);
    next(error);
  };
  const onData = (chunk: Buffer) => chunks.push(chunk);
  const onEnd = () => {
    const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    try {
      assertDepthAtMost(buffer, MAX_JSON_DEPTH);
      let text = buffer.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      req.body = JSON.parse(text) as unknown;
    } catch (error) {
      finish(error);
      return;
    }
    finish();
  };
  const onClose = () => finish(Object.assign(new Error('request aborted'), { status: 400, expose: true }));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onClose);
  req.on('close', onClose);
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
