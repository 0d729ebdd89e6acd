/**
 * A durable queue of tasks with at-least-once delivery: each task goes to one consumer at a time,
 * is redelivered when its consumer neither acks nor reports progress within `ackWaitMs`, and is
 * given up after `maxDeliver` deliveries. Implementations: JetStream (services mode) and an
 * in-process queue with the same semantics (embedded mode).
 */
export interface WorkQueueSpec {
  /** Queue (JetStream stream) name. */
  name: string;
  /** Subject tasks are published on (JetStream); the in-process queue only uses it as a label. */
  subject: string;
  /** Durable consumer shared by every worker. */
  consumer: string;
  ackWaitMs: number;
  /** Deliveries after which the broker stops redelivering a task. */
  maxDeliver: number;
  /** Publishing the same id again within this window is dropped as a duplicate. */
  duplicateWindowMs?: number;
}

export interface PublishResult {
  duplicate: boolean;
}

/** One delivery of a task. */
export interface WorkQueueMessage<T> {
  readonly data: T;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  /**
   * W3C trace context of the publisher when it published (`traceparent`, `tracestate`): the
   * worker's span links to the trace that asked for the work (a task outlives its request).
   */
  readonly traceHeaders?: Record<string, string>;
  /** Processing succeeded: the task is removed. Resolves once the broker confirmed. */
  ack(): Promise<void>;
  /** Processing failed: deliver again after `delayMs`. */
  nak(delayMs?: number): void;
  /** Still working: restarts the ack-wait timer (heartbeat for long tasks). */
  working(): void;
  /** Never deliver again (used after the task was dead-lettered). */
  term(): void;
}

export interface WorkQueueConsumer<T> {
  /** The next task, or null when none arrived within `waitMs`. */
  next(waitMs: number): Promise<WorkQueueMessage<T> | null>;
  /** Stops fetching. Tasks in flight that are not acked come back after their ack wait. */
  close(): Promise<void>;
}

export abstract class WorkQueue {
  /**
   * Creates the queue and its consumer when missing (idempotent, safe from many replicas). Only
   * the queue's owner calls it (the publisher); on NATS, workers may not create anything.
   */
  abstract ensure(spec: WorkQueueSpec): Promise<void>;

  abstract publish(spec: WorkQueueSpec, id: string, payload: unknown): Promise<PublishResult>;

  /** Binds to the queue's existing durable consumer (JetStream: fails while the owner has not created it). */
  abstract consumer<T>(spec: WorkQueueSpec): Promise<WorkQueueConsumer<T>>;
}
