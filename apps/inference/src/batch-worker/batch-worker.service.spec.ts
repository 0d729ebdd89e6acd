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
});
