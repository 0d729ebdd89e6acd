import { isPacketFor, PacketOnlyNatsServer } from './packet-only-nats.server';

const msg = (subject: string, body: unknown) => ({
  subject,
  data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
});
const S = 'identity.v1.users.create';

describe('isPacketFor: what a service serves', () => {
  it('serves a request or event packet whose pattern is the subject it arrived on', () => {
    expect(isPacketFor(S, msg(S, { pattern: S, data: { name: 'x' }, id: '1' }))).toBe(true);
    expect(isPacketFor(S, msg(S, { pattern: S, data: {} }))).toBe(true);
  });

  it('drops relays: a stored JetStream message (its own subject), an answer, a bare body, another pattern', () => {
    // A JetStream delivery keeps the stream's subject even on the reply-to it was pulled with.
    expect(isPacketFor(S, msg('batch.v1.tasks.partition', { pattern: S, data: {} }))).toBe(false);
    // Another service's answer sent to this subject as its reply-to.
    expect(isPacketFor(S, msg(S, { response: { name: 'x' }, id: '1', isDisposed: true }))).toBe(false);
    expect(isPacketFor(S, msg(S, { err: { code: 'X' }, id: '1' }))).toBe(false);
    // What Nest would take as an "external" event and hand to the handler as is.
    expect(isPacketFor(S, msg(S, { name: 'evil', roles: ['admin'] }))).toBe(false);
    expect(isPacketFor(S, msg(S, { pattern: 'identity.v1.health', data: {} }))).toBe(false);
    expect(isPacketFor(S, msg(S, [S]))).toBe(false);
    expect(isPacketFor(S, msg(S, 'not json'))).toBe(false);
    expect(isPacketFor(S, msg(S, ''))).toBe(false);
  });
});

describe('PacketOnlyNatsServer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('parses a body once, also when the message gives a new data view at each read (messages with headers)', async () => {
    const server = new PacketOnlyNatsServer({ url: 'nats://127.0.0.1:4222', queue: 'test' });
    const handler = jest.fn(async (data: unknown) => data);
    jest.spyOn(server, 'getHandlerByPattern').mockReturnValue(handler as never);
    const bytes = new TextEncoder().encode(JSON.stringify({ pattern: S, data: { name: 'x' }, id: '1' }));
    // As nats.js's MsgImpl with headers: `data` is a fresh subarray of the received bytes.
    const message = {
      subject: S,
      reply: '_INBOX.1',
      headers: undefined,
      get data() {
        return bytes.subarray(0);
      },
      respond: jest.fn(),
    };
    const parse = jest.spyOn(JSON, 'parse');
    await server.handleMessage(S, message);
    expect(handler).toHaveBeenCalledWith({ name: 'x' }, expect.anything());
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
