import { traceHeaders } from '../tracing/rpc-tracing';
import { PublishResult, WorkQueue, WorkQueueConsumer, WorkQueueMessage, WorkQueueSpec } from './work-queue';

interface Task {
  id: string;
  payload: string;
  traceHeaders: Record<string, string>;
  deliveries: number;
  /** Set while delivered and not settled. */
  inFlight?: { timer: NodeJS.Timeout; token: object };
  notBefore: number;
}

interface Waiter {
  resolve: (message: WorkQueueMessage<unknown> | null) => void;
  timer: NodeJS.Timeout;
}

class Queue {
  readonly tasks: Task[] = [];
  readonly recentIds = new Map<string, number>();
  readonly waiters: Waiter[] = [];
  private wakeTimer?: NodeJS.Timeout;

  constructor(readonly spec: WorkQueueSpec) {}

  publish(id: string, payload: unknown): PublishResult {
    const now = Date.now();
    const window = this.spec.duplicateWindowMs ?? 120_000;
    for (const [key, at] of this.recentIds) if (now - at > window) this.recentIds.delete(key);
    if (this.recentIds.has(id)) return { duplicate: true };
    this.recentIds.set(id, now);
    this.tasks.push({
      id,
      payload: JSON.stringify(payload),
      traceHeaders: traceHeaders(),
      deliveries: 0,
      notBefore: 0,
    });
    this.dispatch();
    return { duplicate: false };
  }

  /** Hands ready tasks to waiting consumers, oldest task first. */
  dispatch(): void {
    const now = Date.now();
    while (this.waiters.length > 0) {
      const task = this.tasks.find((t) => !t.inFlight && t.notBefore <= now);
      if (!task) break;
      const waiter = this.waiters.shift() as Waiter;
      clearTimeout(waiter.timer);
      waiter.resolve(this.deliver(task));
    }
    this.scheduleWake(now);
  }

  private scheduleWake(now: number): void {
    clearTimeout(this.wakeTimer);
    const delayed = this.tasks.filter((t) => !t.inFlight && t.notBefore > now);
    if (delayed.length === 0 || this.waiters.length === 0) return;
    const at = Math.min(...delayed.map((t) => t.notBefore));
    this.wakeTimer = setTimeout(() => this.dispatch(), at - now);
    this.wakeTimer.unref?.();
  }

  private deliver(task: Task): WorkQueueMessage<unknown> {
    task.deliveries += 1;
    const token = {};
    const settled = () => task.inFlight?.token !== token;
    const release = (delayMs: number) => {
      if (settled()) return;
      clearTimeout(task.inFlight?.timer);
      task.inFlight = undefined;
      if (task.deliveries >= this.spec.maxDeliver) this.remove(task);
      else {
        task.notBefore = Date.now() + delayMs;
        this.dispatch();
      }
    };
    const arm = () => {
      const timer = setTimeout(() => release(0), this.spec.ackWaitMs);
      timer.unref?.();
      return timer;
    };
    task.inFlight = { timer: arm(), token };
    const finish = () => {
      if (settled()) return;
      clearTimeout(task.inFlight?.timer);
      this.remove(task);
    };
    return {
      data: JSON.parse(task.payload),
      deliveryCount: task.deliveries,
      traceHeaders: { ...task.traceHeaders },
      ack: async () => finish(),
      nak: (delayMs = 0) => release(delayMs),
      working: () => {
        if (settled()) return;
        clearTimeout(task.inFlight?.timer);
        (task.inFlight as { timer: NodeJS.Timeout }).timer = arm();
      },
      term: () => finish(),
    };
  }

  private remove(task: Task): void {
    task.inFlight = undefined;
    const index = this.tasks.indexOf(task);
    if (index >= 0) this.tasks.splice(index, 1);
  }
}

/**
 * The embedded mode's work queue: same contract as JetStream's (explicit ack, redelivery after
 * the ack wait, heartbeats, max deliveries, de-duplication by id), held in memory. Queues live as
 * long as the object, so share one instance between the publisher and the workers.
 */
export class InProcessWorkQueue extends WorkQueue {
  private readonly queues = new Map<string, Queue>();

  async ensure(spec: WorkQueueSpec): Promise<void> {
    if (!this.queues.has(spec.name)) this.queues.set(spec.name, new Queue(spec));
  }

  async publish(spec: WorkQueueSpec, id: string, payload: unknown): Promise<PublishResult> {
    await this.ensure(spec);
    return (this.queues.get(spec.name) as Queue).publish(id, payload);
  }

  async consumer<T>(spec: WorkQueueSpec): Promise<WorkQueueConsumer<T>> {
    await this.ensure(spec);
    const queue = this.queues.get(spec.name) as Queue;
    const mine = new Set<Waiter>();
    return {
      next(waitMs: number) {
        return new Promise<WorkQueueMessage<T> | null>((resolve) => {
          const waiter: Waiter = {
            resolve: (message) => {
              mine.delete(waiter);
              resolve(message as WorkQueueMessage<T> | null);
            },
            timer: setTimeout(() => {
              const index = queue.waiters.indexOf(waiter);
              if (index >= 0) queue.waiters.splice(index, 1);
              waiter.resolve(null);
            }, waitMs),
          };
          mine.add(waiter);
          queue.waiters.push(waiter);
          queue.dispatch();
        });
      },
      async close() {
        for (const waiter of [...mine]) {
          clearTimeout(waiter.timer);
          const index = queue.waiters.indexOf(waiter);
          if (index >= 0) queue.waiters.splice(index, 1);
          waiter.resolve(null);
        }
      },
    };
  }

  /** Tasks not yet acked (for tests and health checks). */
  size(name: string): number {
    return this.queues.get(name)?.tasks.length ?? 0;
  }
}
