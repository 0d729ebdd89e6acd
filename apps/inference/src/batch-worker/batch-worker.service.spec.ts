import { BatchPartitionTask } from '@llmops/contract';
import { WorkQueue, WorkQueueConsumer, WorkQueueMessage, WorkQueueSpec } from '@llmops/messaging';
import { BatchWorkerConfig } from './batch-worker.config';
import { BatchWorkerService } from './batch-worker.service';
import {
  PartitionDelivery,
  PartitionOutcome,
  ProcessPartitionHandler,
} from './process-partition/process-partition.handler';

/** A queue whose consumer the owner has not created yet: binding fails `missing` times first. */
class NotYetCreatedQueue extends WorkQueue {
  ensured = 0;
  bindAttempts = 0;
  constructor(
    private missing: number,
    private readonly tasks: Array<WorkQueueMessage<BatchPartitionTask>>,
  ) {
    super();
  }
  async ensure(): Promise<void> {
    this.ensured++;
  }
  async publish(): Promise<{ duplicate: boolean }> {
    throw new Error('workers never publish');
  }
  async consumer<T>(): Promise<WorkQueueConsumer<T>> {
    this.bindAttempts++;
    if (this.missing-- > 0) throw new Error('consumer not found');
    const tasks = this.tasks;
    return {
      next: async (waitMs: number) => {
        const task = tasks.shift() as WorkQueueMessage<T> | undefined;
        if (task) return task;
        // As a broker's pull: nothing within the wait.
        await new Promise((r) => setTimeout(r, waitMs));
        return null;
      },
      close: async () => undefined,
    };
  }
}

class RecordingHandler {
  readonly seen: PartitionDelivery[] = [];
  async execute(delivery: PartitionDelivery): Promise<PartitionOutcome> {
    this.seen.push(delivery);
    return { kind: 'completed', committed: true, rowsWritten: 1, failedRowIds: [] };
  }
}

const spec: WorkQueueSpec = { name: 'Q', subject: 'q.tasks', consumer: 'workers', ackWaitMs: 4000, maxDeliver: 101 };

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('BatchWorkerService', () => {
  it('never creates the queue: it binds to the existing consumer, retrying until the owner created it', async () => {
    let acked = 0;
    const task = {
      data: { jobId: 'j', partition: 0 } as BatchPartitionTask,
      deliveryCount: 1,
      ack: async () => void acked++,
      nak: () => undefined,
      working: () => undefined,
      term: () => undefined,
    };
    const queue = new NotYetCreatedQueue(2, [task]);
    const handler = new RecordingHandler();
    const config = Object.assign(new BatchWorkerConfig(), { BATCH_FETCH_WAIT_MS: 50 });
    const worker = new BatchWorkerService(queue, handler as unknown as ProcessPartitionHandler, spec, config);
    await worker.start();
    await until(() => acked === 1, 'the task to be worked and acked');
    await worker.stop();
    expect(queue.ensured).toBe(0);
    expect(queue.bindAttempts).toBe(3);
    expect(handler.seen.map((d) => d.task)).toEqual([task.data]);
  });

  it('stops while still waiting for the consumer', async () => {
    const queue = new NotYetCreatedQueue(Number.MAX_SAFE_INTEGER, []);
    const worker = new BatchWorkerService(
      queue,
      new RecordingHandler() as unknown as ProcessPartitionHandler,
      spec,
      new BatchWorkerConfig(),
    );
    await worker.start();
    await until(() => queue.bindAttempts >= 1, 'a bind attempt');
    await worker.stop();
    const attempts = queue.bindAttempts;
    await new Promise((r) => setTimeout(r, 1200));
    expect(queue.bindAttempts).toBe(attempts);
    expect(queue.ensured).toBe(0);
  });

  it('works the next partition while the previous one writes and reports, with at most one such tail', async () => {
    const message = (partition: number) => ({
      data: { jobId: 'j', partition } as BatchPartitionTask,
      deliveryCount: 1,
      ack: async () => void acked.push(partition),
      nak: () => undefined,
      working: () => undefined,
      term: () => undefined,
    });
    const acked: number[] = [];
    const events: string[] = [];
    // Each partition's tail (file + report, after `summarized`) waits until the test releases it.
    const release = new Map<number, () => void>();
    const handler = {
      async execute(delivery: PartitionDelivery): Promise<PartitionOutcome> {
        const { partition } = delivery.task;
        events.push(`summarize ${partition}`);
        delivery.summarized?.();
        await new Promise<void>((r) => release.set(partition, r));
        events.push(`reported ${partition}`);
        return { kind: 'completed', committed: true, rowsWritten: 1, failedRowIds: [] };
      },
    };
    const queue = new NotYetCreatedQueue(0, [message(0), message(1), message(2)]);
    const config = Object.assign(new BatchWorkerConfig(), { BATCH_FETCH_WAIT_MS: 50 });
    const worker = new BatchWorkerService(queue, handler as unknown as ProcessPartitionHandler, spec, config);
    await worker.start();
    // Partition 1 is summarized while partition 0 still waits for its report...
    await until(() => events.includes('summarize 1'), 'the next partition to start');
    expect(events).toEqual(['summarize 0', 'summarize 1']);
    // ...but partition 2 waits until partition 0 is settled (one tail at a time).
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toEqual(['summarize 0', 'summarize 1']);
    release.get(0)!();
    await until(() => events.includes('summarize 2'), 'the third partition');
    expect(acked).toEqual([0]);
    release.get(1)!();
    await until(() => release.has(2), 'the third partition to be in its tail');
    release.get(2)!();
    await until(() => acked.length === 3, 'every task acked');
    await worker.stop();
    expect(acked).toEqual([0, 1, 2]);
    expect(events.filter((e) => e.startsWith('reported'))).toEqual(['reported 0', 'reported 1', 'reported 2']);
  });
});
