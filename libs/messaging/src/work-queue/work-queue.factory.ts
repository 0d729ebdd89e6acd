import { NatsConnection } from 'nats';
import { InProcessBus } from '../in-process/in-process.bus';
import { TransportConfig } from '../messaging.module';
import { InProcessWorkQueue } from './in-process-work-queue';
import { JetStreamWorkQueue } from './jetstream-work-queue';
import { WorkQueue } from './work-queue';

const embeddedQueues = new WeakMap<InProcessBus, InProcessWorkQueue>();

/**
 * The work queue of a transport: JetStream over the NATS connection, or in embedded mode one
 * in-process queue per bus, so the publisher and the workers loaded in the same process share it.
 */
export function workQueueFor(transport: TransportConfig, connection: NatsConnection | null): WorkQueue {
  if (transport.kind === 'nats') {
    if (!connection) throw new Error('a NATS transport needs its connection for JetStream');
    return new JetStreamWorkQueue(connection);
  }
  let queue = embeddedQueues.get(transport.bus);
  if (!queue) {
    queue = new InProcessWorkQueue();
    embeddedQueues.set(transport.bus, queue);
  }
  return queue;
}
