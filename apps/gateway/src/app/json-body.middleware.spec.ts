import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode, InvalidParameterError } from '@llmops/contract';
import { httpErrorOf } from '../http/http-exception.filter';
import { assertDepthAtMost, bytesOf, isPlainJsonWithin, jsonBody, MAX_JSON_DEPTH } from './json-body.middleware';

const depthRefusal = (text: string, max: number) => {
  try {
    assertDepthAtMost(Buffer.from(text), max);
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('JSON depth limit', () => {
  it('counts arrays and objects, not brackets inside strings (escaped quotes included)', () => {
    expect(depthRefusal('{"a":[[1]]}', 3)).toBeUndefined();
    expect(depthRefusal('{"a":[[[1]]]}', 3)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(depthRefusal('{"a":"[[[[[[[[[[{{{{{{"}', 1)).toBeUndefined();
    expect(depthRefusal('{"a":"\\"[[[[[","b":1}', 1)).toBeUndefined();
    expect(depthRefusal('{"a":"\\\\","b":[[1]]}', 2)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('refuses 100k levels in linear time without recursing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(depthRefusal(deep, 32)).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });
});

describe('jsonBody: the plain JSON path against body-parser', () => {
  // Each server answers what the handlers would see: the parsed body, or the error's code and message.
  const serve = async (middleware: (req: Request, res: Response, next: NextFunction) => void) => {
    const app = express();
    app.use(middleware);
    app.post('/', (req, res) => {
      res.json({ body: req.body as unknown });
    });
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const { status, body } = httpErrorOf(error);
      res.status(status).json(body);
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
  };
  const limit = '1kb';
  const neverStreamed = () => false;
  let fast: Awaited<ReturnType<typeof serve>>;
  let reference: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    fast = await serve(jsonBody(limit, neverStreamed));
    // body-parser alone, configured and its errors mapped as jsonBody does.
    const parser = express.json({
      limit,
      strict: false,
      verify: (_req, _res, buffer) => assertDepthAtMost(buffer, MAX_JSON_DEPTH),
    });
    reference = await serve((req, res, next) =>
      parser(req, res, (error?: unknown) =>
        next(
          error instanceof SyntaxError
            ? new InvalidParameterError(`Malformed JSON in the request body: ${error.message}`)
            : error,
        ),
      ),
    );
  });
  afterAll(() => {
    fast.server.close();
    reference.server.close();
  });

  const cases: [string, string, string | undefined][] = [
    ['an object', '{"run_id":"r1","key":"loss","value":0.5,"timestamp":1,"step":2}', 'application/json'],
    ['a charset parameter', '{"a":"é ü 中"}', 'application/json; charset=UTF-8'],
    ['no content type', '{"a":[1,2,{"b":null}]}', undefined],
    ['a byte order mark', '\ufeff{"a":1}', 'application/json'],
    ['a bare value (not strict)', '"text"', 'application/json'],
    ['malformed JSON', '{"a":', 'application/json'],
    ['nesting over the limit', '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), 'application/json'],
    ['a body over the limit', `{"a":"${'x'.repeat(2000)}"}`, 'application/json'],
  ];
  it.each(cases)('answers %s as body-parser does', async (_name, text, type) => {
    const post = (url: string) =>
      fetch(url, { method: 'POST', body: text, headers: type ? { 'content-type': type } : {} }).then(
        async (r) => [r.status, await r.json()] as const,
      );
    expect(await post(fast.url)).toEqual(await post(reference.url));
  });

  it('reads plain JSON itself and leaves anything else to body-parser', () => {
    const req = (headers: Record<string, string>, method = 'POST') =>
      ({ method, headers, readableEnded: false }) as unknown as Request;
    const max = bytesOf('1kb');
    expect(max).toBe(1024);
    expect(isPlainJsonWithin(req({ 'content-type': 'application/json', 'content-length': '10' }), max)).toBe(true);
    expect(isPlainJsonWithin(req({ 'content-length': '10' }), max)).toBe(true);
    expect(isPlainJsonWithin(req({ 'content-type': 'application/json', 'content-length': '2000' }), max)).toBe(false);
    expect(isPlainJsonWithin(req({ 'content-type': 'application/json', 'content-length': '0' }), max)).toBe(false);
    expect(isPlainJsonWithin(req({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), max)).toBe(
      false,
    );
    expect(
      isPlainJsonWithin(
        req({ 'content-type': 'application/json', 'content-length': '10', 'content-encoding': 'gzip' }),
        max,
      ),
    ).toBe(false);
    expect(
      isPlainJsonWithin(req({ 'content-type': 'application/json; charset=utf-16', 'content-length': '10' }), max),
    ).toBe(false);
    expect(isPlainJsonWithin(req({ 'content-type': 'application/vnd.api+json', 'content-length': '10' }), max)).toBe(
      false,
    );
  });
});
