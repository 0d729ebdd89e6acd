import {
  headers as natsHeaders,
  AckPolicy,
  DeliverPolicy,
  JSONCodec,
  JsMsg,
  JetStreamManager,
  NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { ServiceUnavailableError } from '@llmops/contract';
import { traceHeaders } from '../tracing/rpc-tracing';
import { PublishResult, WorkQueue, WorkQueueConsumer, WorkQueueMessage, WorkQueueSpec } from './work-queue';

const codec = JSONCodec<unknown>();

/**
 * Work queue on a JetStream stream with WorkQueue retention (a task is deleted once acked) and a
 * durable pull consumer with explicit ack, so each replica pulls one task at a time. The publish
 * de-duplication id is the `Nats-Msg-Id` header. `ensure` (the owner: the publisher) creates the
 * stream and the consumer; `consumer` (workers) only binds to the existing durable consumer and
 * fails while it is missing.
 */
export class JetStreamWorkQueue extends WorkQueue {
  private manager?: JetStreamManager;

  constructor(private readonly connection: NatsConnection) {
    super();
  }

  async ensure(spec: WorkQueueSpec): Promise<void> {
    const jsm = await this.jsm();
    const streamConfig = {
      name: spec.name,
      subjects: [spec.subject],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(spec.duplicateWindowMs ?? 120_000),
    };
    try {
      await jsm.streams.info(spec.name);
    } catch {
      await jsm.streams.add(streamConfig).catch(async (error: unknown) => {
        // Another replica created it between our lookup and our add.
        await jsm.streams.info(spec.name).catch(() => {
          throw error;
        });
      });
    }
    const consumerConfig = {
      durable_name: spec.consumer,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(spec.ackWaitMs),
      max_deliver: spec.maxDeliver,
      filter_subject: spec.subject,
    };
    try {
      await jsm.consumers.info(spec.name, spec.consumer);
    } catch {
      await jsm.consumers.add(spec.name, consumerConfig).catch(async (error: unknown) => {
        await jsm.consumers.info(spec.name, spec.consumer).catch(() => {
          throw error;
        });
      });
    }
  }

  async publish(spec: WorkQueueSpec, id: string, payload: unknown): Promise<PublishResult> {
    try {
      const carried = traceHeaders();
      const headers = Object.keys(carried).length > 0 ? natsHeaders() : undefined;
      for (const [key, value] of Object.entries(carried)) headers?.set(key, value);
      const ack = await this.connection
        .jetstream()
        .publish(spec.subject, codec.encode(payload), { msgID: id, headers });
      return { duplicate: ack.duplicate };
    } catch (error) {
      throw new ServiceUnavailableError(`Cannot publish task ${id} to ${spec.name}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async consumer<T>(spec: WorkQueueSpec): Promise<WorkQueueConsumer<T>> {
    const consumer = await this.connection.jetstream().consumers.get(spec.name, spec.consumer);
    let closed = false;
    return {
      async next(waitMs: number) {
        if (closed) return null;
        // JetStream refuses pull expiries under one second.
        const msg = await consumer.next({ expires: Math.max(1000, waitMs) });
        return msg ? toMessage<T>(msg) : null;
      },
      async close() {
        closed = true;
      },
    };
  }

  private async jsm(): Promise<JetStreamManager> {
    // No account-info probe ($JS.API.INFO): each service's NATS user holds only the API subjects
    // of its own stream and consumer (docker/nats/nats-permissions.ts).
    this.manager ??= await this.connection.jetstreamManager({ checkAPI: false });
    return this.manager;
  }
}

function toMessage<T>(msg: JsMsg): WorkQueueMessage<T> {
  return {
    data: codec.decode(msg.data) as T,
    deliveryCount: msg.info.deliveryCount,
    traceHeaders: traceHeadersOf(msg),
    async ack() {
      // Double ack: the task only counts as done once the server confirmed.
      await msg.ackAck();
    },
    nak: (delayMs?: number) => msg.nak(delayMs),
    working: () => msg.working(),
    term: () => msg.term(),
  };
}

function traceHeadersOf(msg: JsMsg): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate']) {
    const value = msg.headers?.get(key);
    if (value) out[key] = value;
  }
  return out;
}
