// The NATS client's protocol handler: not part of the package's typed API, hence the require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ProtocolHandler } = require('nats/lib/nats-base-client/protocol') as {
  ProtocolHandler: { prototype: ProtocolHandlerLike };
};

interface ProtocolHandlerLike {
  outbound: { length(): number; size(): number; fill(...buffers: Uint8Array[]): void };
  pendingLimit: number;
  flushPending(): void;
  sendCommand(cmd: string | Uint8Array, ...payloads: Uint8Array[]): void;
}

const encoder = new TextEncoder();
let installed = false;

/**
 * One socket write per event-loop turn instead of one per message (nats 2.29's `sendCommand`,
 * with `setImmediate` where it had `queueMicrotask`). Its microtask flush wrote each request on
 * its own: the gateway's requests come from different HTTP sockets read in one poll phase, each
 * followed by its own microtasks, so 200 concurrent calls were about 200 writes (and as many
 * reads and wake-ups for nats-server and the service). Flushed right after the poll phase, they
 * go in one write. Order is unchanged (one buffer), `flush()` and the size threshold still write
 * at once; a message waits at most until the end of the current loop turn.
 */
export function coalesceNatsWrites(): void {
  if (installed) return;
  installed = true;
  ProtocolHandler.prototype.sendCommand = function sendCommand(
    this: ProtocolHandlerLike,
    cmd: string | Uint8Array,
    ...payloads: Uint8Array[]
  ): void {
    const len = this.outbound.length();
    this.outbound.fill(typeof cmd === 'string' ? encoder.encode(cmd) : cmd, ...payloads);
    if (len === 0) {
      setImmediate(() => this.flushPending());
    } else if (this.outbound.size() >= this.pendingLimit) {
      this.flushPending();
    }
  };
}
