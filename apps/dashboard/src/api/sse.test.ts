import { describe, expect, it } from 'vitest';
import { EventStreamParser, ServerSentEvent } from './sse';

describe('the event-stream parser', () => {
  it('splits events on blank lines, keeps event names, joins data lines, across any chunking', () => {
    const text =
      'event: job\ndata: {"a":1}\n\n: a comment\nevent: partition\r\ndata: line 1\r\ndata: line 2\r\n\r\ndata: bare\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const events: ServerSentEvent[] = [];
      const parser = new EventStreamParser((e) => events.push(e));
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
      parser.end();
      expect(events).toEqual([
        { event: 'job', data: '{"a":1}' },
        { event: 'partition', data: 'line 1\nline 2' },
        { event: 'message', data: 'bare' },
      ]);
    }
  });

  it('delivers a last event that the stream ends without a blank line after', () => {
    const events: ServerSentEvent[] = [];
    const parser = new EventStreamParser((e) => events.push(e));
    parser.push('event: finished\ndata: {}');
    parser.end();
    expect(events).toEqual([{ event: 'finished', data: '{}' }]);
  });
});
