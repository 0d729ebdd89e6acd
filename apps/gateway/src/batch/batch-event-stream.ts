import { Inject, Injectable } from '@nestjs/common';
import { BatchJobEvent, BatchPartitionEvent, SUBJECTS } from '@llmops/contract';
import { InProcessEndpoint, NATS_CONNECTION, TRANSPORT_CONFIG, TransportConfig } from '@llmops/messaging';
import { JSONCodec, NatsConnection } from 'nats';
import { of } from 'rxjs';

export type BatchStreamEvent = { type: 'partition'; data: BatchPartitionEvent } | { type: 'job'; data: BatchJobEvent };

const codec = JSONCodec<{ data?: unknown }>();

/**
 * The orchestrator's progress events as a subscription, over NATS (a plain subscription: every
 * gateway replica sees every event) or the embedded in-process bus.
 */
@Injectable()
export class BatchEventStream {
  constructor(
    @Inject(TRANSPORT_CONFIG) private readonly transport: TransportConfig,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection | null,
  ) {}

  /** Calls `listener` for each event until the returned function is called. */
  subscribe(listener: (event: BatchStreamEvent) => void): () => void {
    const subjects: Array<[string, BatchStreamEvent['type']]> = [
      [SUBJECTS.batch.events.partition, 'partition'],
      [SUBJECTS.batch.events.job, 'job'],
    ];
    if (this.transport.kind === 'nats' && this.connection) {
      const subscriptions = subjects.map(([subject, type]) =>
        this.connection!.subscribe(subject, {
          callback: (error, msg) => {
            if (error) return;
            const packet = codec.decode(msg.data);
            listener({ type, data: packet.data } as BatchStreamEvent);
          },
        }),
      );
      return () => subscriptions.forEach((s) => s.unsubscribe());
    }
    if (this.transport.kind !== 'in-process') return () => undefined;
    const bus = this.transport.bus;
    const endpoints = subjects.map(([subject, type]) => {
      const handler = Object.assign(
        async (data: unknown) => {
          listener({ type, data } as BatchStreamEvent);
        },
        { isEventHandler: true },
      );
      const endpoint: InProcessEndpoint = {
        getHandlerByPattern: (pattern) => (pattern === subject ? (handler as never) : null),
        transformToObservable: (value) => of(value),
      };
      bus.register([subject], endpoint);
      return endpoint;
    });
    return () => endpoints.forEach((e) => bus.unregister(e));
  }
}
