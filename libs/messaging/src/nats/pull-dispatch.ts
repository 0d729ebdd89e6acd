import { Logger } from '@nestjs/common';
import { QUEUED_REQUEST_HEADERS } from '@llmops/contract';
import { JsMsg, MsgHdrs, NatsConnection } from 'nats';
import { JetStreamWorkQueue } from '../work-queue/jetstream-work-queue';
import { WorkQueueSpec } from '../work-queue/work-queue';

/** A request subject a server also takes from a JetStream work queue, pulling only with capacity. */
export interface PullDispatchOptions {
  /** The `@MessagePattern` subject the queued packets are for. */
  channel: string;
  queue: { stream: string; subject: string; consumer: string };
  /** Most queued requests this server works on at once (pulled, not yet answered). */
  maxInFlight: number;
  /** False while the server should take no new work (draining): it then stops pulling. */
  active?: () => boolean;
  /** Redelivery after this long without progress (the replica died); heartbeats keep live work. */
  ackWaitMs?: number;
  /** Deliveries before JetStream gives a request up (its caller then times out). */
  maxDeliver?: number;
}

/** What the server's message handler is given: a NATS message shape whose answer goes to the caller's inbox. */
export interface QueuedNatsMsg {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
  reply: string;
  respond(data?: Uint8Array, opts?: { headers?: MsgHdrs }): boolean;
}

const INBOX = /^_INBOX\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The pulling side of load-aware dispatch: keeps at most `maxInFlight` queued requests in work,
 * pulling the next only when one is answered, so requests wait in the stream (where any replica
 * with capacity takes them), not behind a busy replica. A request is acked once its answer is
 * published; it is heartbeated while it runs; one whose caller's deadline passed is dropped.
 */
export class PullDispatcher {
  private readonly logger = new Logger('PullDispatch');
  private inFlight = 0;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop?: Promise<void>;

  constructor(
    private readonly connection: NatsConnection,
    private readonly options: PullDispatchOptions,
    private readonly handle: (channel: string, msg: QueuedNatsMsg) => Promise<unknown>,
  ) {}

  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Creates the stream and consumer when missing (the replicas own them), then pulls in the background. */
  async start(): Promise<void> {
    const spec = this.spec();
    await new JetStreamWorkQueue(this.connection).ensure(spec);
    const consumer = await this.connection.jetstream().consumers.get(spec.name, spec.consumer);
    this.loop = (async () => {
      while (!this.stopped) {
        if (this.inFlight >= this.options.maxInFlight || !(this.options.active?.() ?? true)) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            setTimeout(resolve, 200).unref();
          });
          continue;
        }
        let msg: JsMsg | null;
        try {
          msg = await consumer.next({ expires: 5_000 });
        } catch (error) {
          if (this.stopped || this.connection.isClosed()) return;
          this.logger.warn(`Pulling from ${spec.name} failed: ${(error as Error).message}; retrying`);
          await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
          continue;
        }
        if (msg && !this.stopped) this.serve(msg);
        else msg?.nak();
      }
    })();
  }

  /** Stops pulling; requests in work still get their answers (while the connection is open). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
  }

  private serve(msg: JsMsg): void {
    const reply = msg.headers?.get(QUEUED_REQUEST_HEADERS.replyTo) ?? '';
    const deadline = Number(msg.headers?.get(QUEUED_REQUEST_HEADERS.deadline) ?? '');
    if (!INBOX.test(reply) || !Number.isFinite(deadline) || !isRequestPacket(this.options.channel, msg.data)) {
      this.logger.warn(`Dropped a queued message on ${msg.subject} that is not a request packet with an inbox`);
      msg.term();
      return;
    }
    if (Date.now() >= deadline) {
      msg.ack(); // its caller stopped waiting: nobody would read the answer
      return;
    }
    this.inFlight += 1;
    let settled = false;
    let acked = false;
    const beat = setInterval(
      () => {
        try {
          msg.working();
        } catch {
          // Connection gone: the request will be redelivered; nothing to keep alive.
        }
      },
      Math.max(1_000, (this.options.ackWaitMs ?? 30_000) / 3),
    );
    const release = () => {
      if (settled) return false;
      settled = true;
      clearInterval(beat);
      clearTimeout(expiry);
      this.inFlight -= 1;
      this.wake?.();
      return true;
    };
    // Past the caller's deadline the answer is useless: stop heartbeating and free the slot; a
    // late answer is still sent, and the request, if redelivered, is dropped as expired.
    const expiry = setTimeout(release, Math.max(0, deadline - Date.now()));
    const queued: QueuedNatsMsg = {
      subject: this.options.channel,
      data: msg.data,
      headers: msg.headers,
      reply,
      respond: (data, opts) => {
        try {
          this.connection.publish(reply, data, opts);
        } catch (error) {
          // Connection gone: unacked, the request goes to another replica after the ack wait.
          this.logger.warn(`Could not answer a queued ${this.options.channel}: ${(error as Error).message}`);
          release();
          return false;
        }
        // Nest may answer twice (the value, then a disposal marker): the first is the answer.
        if (!acked) msg.ack();
        acked = true;
        release();
        return true;
      },
    };
    this.handle(this.options.channel, queued).catch((error: unknown) => {
      this.logger.error(`Queued request on ${this.options.channel} failed: ${(error as Error).message}`);
      if (release()) msg.nak();
    });
  }

  private spec(): WorkQueueSpec {
    return {
      name: this.options.queue.stream,
      subject: this.options.queue.subject,
      consumer: this.options.queue.consumer,
      ackWaitMs: this.options.ackWaitMs ?? 30_000,
      maxDeliver: this.options.maxDeliver ?? 3,
    };
  }
}

/** Nest's request packet for `channel`: `{pattern: channel, data, id}` with a string id. */
function isRequestPacket(channel: string, data: Uint8Array): boolean {
  try {
    const packet = JSON.parse(new TextDecoder().decode(data)) as { pattern?: unknown; id?: unknown } | null;
    return typeof packet === 'object' && packet !== null && packet.pattern === channel && typeof packet.id === 'string';
  } catch {
    return false;
  }
}
