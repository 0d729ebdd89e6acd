import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { InProcessWorkQueue } from './in-process-work-queue';
import { JetStreamWorkQueue } from './jetstream-work-queue';
import { WorkQueue, WorkQueueSpec } from './work-queue';

const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

describe.each(['in-process', 'JetStream'] as const)('work queue (%s)', (kind) => {
  let connection: NatsConnection | undefined;
  let queue: WorkQueue;
  let spec: WorkQueueSpec;

  beforeAll(async () => {
    if (kind === 'JetStream') {
      connection = await connect({ servers: natsUrl });
      queue = new JetStreamWorkQueue(connection);
    } else {
      queue = new InProcessWorkQueue();
    }
  });

  beforeEach(async () => {
    const suffix = randomBytes(4).toString('hex');
    spec = {
      name: `WQTEST_${suffix}`,
      subject: `wq-test.${suffix}.tasks`,
      consumer: 'workers',
      ackWaitMs: 1000,
      maxDeliver: 2,
    };
    await queue.ensure(spec);
    await queue.ensure(spec);
  });

  afterEach(async () => {
    if (connection) await (await connection.jetstreamManager()).streams.delete(spec.name);
  });

  afterAll(async () => {
    await connection?.drain();
  });

  it('drops a second publish with the same id and hands each task to one consumer once acked', async () => {
    expect(await queue.publish(spec, 'job/0', { n: 0 })).toEqual({ duplicate: false });
    expect(await queue.publish(spec, 'job/0', { n: 0 })).toEqual({ duplicate: true });
    await queue.publish(spec, 'job/1', { n: 1 });
    const a = await queue.consumer<{ n: number }>(spec);
    const b = await queue.consumer<{ n: number }>(spec);
    const first = await a.next(2000);
    const second = await b.next(2000);
    expect([first?.data.n, second?.data.n].sort()).toEqual([0, 1]);
    expect(first?.deliveryCount).toBe(1);
    await first?.ack();
    await second?.ack();
    expect(await a.next(1000)).toBeNull();
    await a.close();
    await b.close();
  });

  it('redelivers a task whose consumer died without acking, then gives up after maxDeliver', async () => {
    await queue.publish(spec, 'job/7', { n: 7 });
    const dead = await queue.consumer<{ n: number }>(spec);
    const taken = await dead.next(2000);
    expect(taken?.deliveryCount).toBe(1);
    await dead.close(); // never acks, as a killed worker

    const survivor = await queue.consumer<{ n: number }>(spec);
    let again = null;
    while (!again) again = await survivor.next(2000);
    expect(again.data).toEqual({ n: 7 });
    expect(again.deliveryCount).toBe(2);
    again.nak();
    // maxDeliver is 2: no third delivery.
    expect(await survivor.next(2500)).toBeNull();
    await survivor.close();
  });

  it('redelivers after a nak and forgets a terminated task', async () => {
    await queue.publish(spec, 'job/3', { n: 3 });
    const consumer = await queue.consumer<{ n: number }>(spec);
    const first = await consumer.next(2000);
    first?.working();
    first?.nak();
    const second = await consumer.next(2000);
    expect(second?.deliveryCount).toBe(2);
    second?.term();
    expect(await consumer.next(1500)).toBeNull();
    await consumer.close();
  });
});
