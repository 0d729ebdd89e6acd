import { vi } from 'vitest';

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | null;
}

type Handler = (request: {
  query: URLSearchParams;
  body: unknown;
  path: string;
  authorization: string | null;
}) => unknown;

/** JSON answer with a status (handlers return plain objects for 200). */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = { 'content-type': 'application/json' },
  ) {}
}

/**
 * Stands in for the gateway: routes are `METHOD /path` with `:params`; every request is recorded.
 * An unrouted request fails the test loudly (404 ENDPOINT_NOT_FOUND, as the gateway would say).
 */
export function fakeApi(routes: Record<string, Handler>) {
  const seen: Seen[] = [];
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(' ');
    const regex = new RegExp('^' + pattern.replace(/:[a-zA-Z]+/g, '[^/]+') + '$');
    return { method, regex, handler };
  });
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    const url = new URL(request.url, 'http://localhost');
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const body = text ? JSON.parse(text) : undefined;
    const path = decodeURI(url.pathname);
    seen.push({
      method: request.method,
      path,
      query: url.searchParams,
      body,
      authorization: request.headers.get('authorization'),
    });
    const route = table.find((r) => r.method === request.method && r.regex.test(url.pathname));
    if (!route) {
      return json(404, { error_code: 'ENDPOINT_NOT_FOUND', message: `No endpoint ${request.method} ${path}` });
    }
    const answer = await route.handler({
      query: url.searchParams,
      body,
      path,
      authorization: request.headers.get('authorization'),
    });
    if (answer instanceof Response) return answer;
    if (answer instanceof Answer) return json(answer.status, answer.body);
    return json(200, answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { seen, fetch: fetchMock };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A text/event-stream answer whose events are written when the test says so. */
export function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: () => new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send(event: string, data: unknown) {
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
    },
    end() {
      controller.close();
    },
  };
}
