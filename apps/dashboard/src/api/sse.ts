import { authHeaders, errorOf } from './client';

export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Reads a server-sent event stream with fetch, so that the request carries the Authorization header
 * (EventSource cannot, and a token in the URL would end up in logs). Calls `onEvent` per event and
 * resolves when the server ends the stream; `signal` stops it.
 */
export async function readEventStream(
  url: string,
  onEvent: (event: ServerSentEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...authHeaders() }, signal });
  if (!response.ok || !response.body) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw errorOf(response, body);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventStreamParser(onEvent);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  parser.end();
}

/** The text/event-stream format: `field: value` lines, events separated by a blank line. */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  constructor(private readonly onEvent: (event: ServerSentEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const newline = this.buffer.search(/\r\n|\r|\n/);
      if (newline < 0) break;
      // A CR last in the chunk may be half of a CRLF: wait for the next chunk to know.
      if (this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + width);
      this.line(line);
    }
  }

  end(): void {
    if (this.buffer !== '') this.line(this.buffer.replace(/\r$/, ''));
    this.buffer = '';
    this.line('');
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}
