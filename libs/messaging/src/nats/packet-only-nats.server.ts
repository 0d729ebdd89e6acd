import { ServerNats } from '@nestjs/microservices';
import type { MsgHdrs, NatsConnection } from 'nats';
import { NatsIdentity, natsAuthOptions } from './nats-credentials';
import { natsConnectError } from './nats-connect-error';
import { PullDispatcher, PullDispatchOptions } from './pull-dispatch';
import { coalesceNatsWrites } from './nats-write-coalescing';

// Answers written once per loop turn too (see coalesceNatsWrites).
coalesceNatsWrites();

interface IncomingNatsMsg {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/**
 * Nest's NATS server, serving only what our clients send: a packet `{pattern, data, id}` whose
 * pattern is the subject it was subscribed and published on. Anything else is dropped unanswered.
 *
 * Why: NATS checks who may publish to a subject, not where the answers to a message go. A
 * client may ask a JetStream consumer for messages, or any service for an answer, with another
 * service's subject as the reply-to: the stored message or the answer then lands on that subject,
 * published by the server or by the service that answered, not by the client. Nest would take such
 * a body as an "external" event and run the handler on it, with no caller header, i.e. as a
 * trusted service-to-service call. A relayed message never has our packet shape with the subject
 * as its pattern (a JetStream delivery also keeps the stream's subject), so it is refused here.
 */
export class PacketOnlyNatsServer extends ServerNats {
  private puller?: PullDispatcher;
  /**
   * The packet the check just parsed, handed to Nest's deserializer so that a body is parsed once.
   * Not keyed by the message's bytes: a message with headers (all of ours) gives a new `data`
   * subarray at each read, so such a key never matched and every body was parsed twice. Nest's
   * `handleMessage` calls the deserializer synchronously, before its first await; were that to
   * change, the slot would be empty and the body parsed again (slower, still right).
   */
  private handoff?: object;

  constructor(
    private readonly settings: { url: string; queue: string; identity?: NatsIdentity; pull?: PullDispatchOptions },
  ) {
    super({
      servers: settings.url.split(','),
      queue: settings.queue,
      name: settings.queue,
      ...natsAuthOptions(settings.identity),
    });
    const deserializer = this.deserializer;
    this.deserializer = {
      deserialize: (value: Uint8Array, options?: Record<string, unknown>) => {
        const packet = this.handoff;
        if (packet === undefined) return deserializer.deserialize(value, options);
        this.handoff = undefined;
        return packet as never;
      },
    };
  }

  /** A refused or missing credential says what to fix (Nest would print only the server's words). */
  override async createNatsClient(): Promise<unknown> {
    try {
      return await super.createNatsClient();
    } catch (error) {
      throw natsConnectError(this.settings.url, this.settings.identity, error);
    }
  }

  /** After the core subscriptions: pulls `settings.pull`'s queued requests (load-aware dispatch). */
  override start(callback: (error?: unknown) => void): void {
    super.start((error?: unknown) => {
      const pull = this.settings.pull;
      if (error || !pull) return callback(error);
      const puller = new PullDispatcher(this.unwrap<NatsConnection>(), pull, (channel, msg) =>
        this.handleMessage(channel, msg),
      );
      puller.start().then(
        () => {
          this.puller = puller;
          callback();
        },
        (failure: unknown) => {
          // Callers fall back to plain requests when the queue does not exist: serve those.
          this.logger.error(
            `Cannot pull ${pull.channel} from JetStream (${(failure as Error).message}); serving plain requests only`,
          );
          callback();
        },
      );
    });
  }

  override async close(): Promise<void> {
    await this.puller?.stop();
    await super.close();
  }

  override async handleMessage(channel: string, natsMsg: IncomingNatsMsg): Promise<unknown> {
    const packet = packetFor(channel, natsMsg);
    if (!packet) {
      this.logger.warn(`Dropped a message on ${channel} that is not a request packet for it (a relay?)`);
      return undefined;
    }
    // What Nest's deserializer would parse again (the same JSON.parse of the same bytes).
    this.handoff = packet;
    try {
      return super.handleMessage(channel, natsMsg);
    } finally {
      this.handoff = undefined;
    }
  }
}

export function isPacketFor(channel: string, natsMsg: IncomingNatsMsg): boolean {
  return packetFor(channel, natsMsg) !== undefined;
}

/** The message's packet when it is one of ours for this subject, else undefined. */
function packetFor(channel: string, natsMsg: IncomingNatsMsg): object | undefined {
  if (natsMsg.subject !== channel) return undefined;
  let packet: unknown;
  try {
    packet = JSON.parse(new TextDecoder().decode(natsMsg.data));
  } catch {
    return undefined;
  }
  return typeof packet === 'object' &&
    packet !== null &&
    !Array.isArray(packet) &&
    (packet as { pattern?: unknown }).pattern === channel
    ? packet
    : undefined;
}
