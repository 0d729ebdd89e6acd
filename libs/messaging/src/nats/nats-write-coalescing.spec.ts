import { coalesceNatsWrites } from './nats-write-coalescing';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ProtocolHandler } = require('nats/lib/nats-base-client/protocol');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DataBuffer } = require('nats/lib/nats-base-client/databuffer');

/** A protocol handler's state as sendCommand uses it, with the writes counted. */
function handler(pendingLimit = 1024 * 32) {
  const writes: string[] = [];
  const self = {
    outbound: new DataBuffer(),
    pendingLimit,
    flushPending() {
      if (self.outbound.size()) writes.push(new TextDecoder().decode(self.outbound.drain()));
    },
  };
  return { self, writes, send: (cmd: string) => ProtocolHandler.prototype.sendCommand.call(self, cmd) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesceNatsWrites', () => {
  beforeAll(() => coalesceNatsWrites());

  it('writes the messages of one loop turn once, in order, even across microtasks', async () => {
    const { writes, send } = handler();
    send('PUB a 1\r\n');
    await Promise.resolve();
    await Promise.resolve();
    send('PUB b 2\r\n');
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(['PUB a 1\r\nPUB b 2\r\n']);
    send('PUB c 3\r\n');
    await turn();
    expect(writes).toEqual(['PUB a 1\r\nPUB b 2\r\n', 'PUB c 3\r\n']);
  });

  it('still writes at once past the size threshold', () => {
    const { writes, send } = handler(8);
    send('PUB a 1\r\n');
    send('PUB b 2\r\n');
    expect(writes).toEqual(['PUB a 1\r\nPUB b 2\r\n']);
  });
});
