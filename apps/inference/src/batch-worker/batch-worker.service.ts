import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BatchPartitionTask } from '@llmops/contract';
import { contextFromHeaders, WorkQueue, WorkQueueConsumer, WorkQueueMessage, WorkQueueSpec } from '@llmops/messaging';
import { inSpan, platformMetrics } from '@llmops/observability';
import { context as otelContext, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { BatchWorkerConfig } from './batch-worker.config';
import { BATCH_WORKER_CONFIG, BATCH_WORKER_QUEUE_SPEC } from './batch-worker.tokens';
import { PartitionOutcome, ProcessPartitionHandler } from './process-partition/process-partition.handler';

/**
 * The pull loops of one replica: each takes one partition task at a time from the shared
 * consumer, works it (heartbeating so a long partition is not redelivered), then acks, naks or
 * terminates it according to the outcome.
 */
@Injectable()
export class BatchWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BatchWorker');
  private readonly loops: Promise<void>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly consumers: WorkQueueConsumer<BatchPartitionTask>[] = [];
  private stopping = false;
  private killed = false;
  /** Outcomes of every delivery handled (for tests and the benchmark). */
  readonly outcomes: Array<{ jobId: string; partition: number; deliveryCount: number; outcome: PartitionOutcome }> = [];

  constructor(
    private readonly queue: WorkQueue,
    private readonly handler: ProcessPartitionHandler,
    @Inject(BATCH_WORKER_QUEUE_SPEC) private readonly spec: WorkQueueSpec,
    @Inject(BATCH_WORKER_CONFIG) private readonly config: BatchWorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.BATCH_WORKER_ENABLED === 'false') return;
    await this.start();
  }

  /**
   * Starts the pull loops. A worker only binds to the durable consumer the batch orchestrator
   * created (its NATS user may not create streams or consumers): until it exists, each loop
   * retries, so replicas may start before the orchestrator.
   */
  async start(): Promise<void> {
    for (let i = 0; i < this.config.BATCH_WORKER_CONCURRENCY; i++) this.loops.push(this.bindAndLoop());
  }

  private async bindAndLoop(): Promise<void> {
    const consumer = await this.bind();
    if (consumer) await this.loop(consumer);
  }

  private async bind(): Promise<WorkQueueConsumer<BatchPartitionTask> | null> {
    let waiting = false;
    while (!this.stopping) {
      try {
        const consumer = await this.queue.consumer<BatchPartitionTask>(this.spec);
        if (this.stopping) {
          await consumer.close();
          return null;
        }
        this.consumers.push(consumer);
        if (this.consumers.length === this.config.BATCH_WORKER_CONCURRENCY) {
          this.logger.log(`${this.consumers.length} batch worker loop(s) pulling from ${this.spec.name}`);
        }
        return consumer;
      } catch (error) {
        if (!waiting) {
          this.logger.warn(
            `waiting for consumer ${this.spec.consumer} of ${this.spec.name} (the batch orchestrator creates it): ` +
              (error as Error).message,
          );
          waiting = true;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    return null;
  }

  /**
   * Graceful stop: finish the partitions in hand, take no new ones. A pull still waiting is not
   * awaited; a task it brings back after this is handed back to the queue at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((c) => c.close()));
    await Promise.all(this.inFlight);
  }

  /**
   * Hard stop, as a killed process: partitions in hand are dropped without report or ack and come
   * back to another worker after their ack wait.
   */
  async kill(): Promise<void> {
    this.killed = true;
    this.stopping = true;
    await Promise.all(this.consumers.map((c) => c.close()));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.killed) await this.stop();
  }

  /**
   * Pipelined: once a partition's rows are summarized, its Parquet file and its report (which
   * waits for the orchestrator's commit) go on while this loop pulls, reads and summarizes the next
   * partition. At most one partition is in that tail: before handing off the next one, the loop
   * waits for the previous one to be settled. A worker therefore holds at most two tasks, and only
   * pulls a new one when it has nothing left to summarize.
   */
  private async loop(consumer: WorkQueueConsumer<BatchPartitionTask>): Promise<void> {
    let tail: Promise<void> | null = null;
    try {
      while (!this.stopping) {
        let message: WorkQueueMessage<BatchPartitionTask> | null;
        try {
          message = await consumer.next(this.config.BATCH_FETCH_WAIT_MS);
        } catch (error) {
          if (this.stopping) return;
          this.logger.warn(`pull failed: ${(error as Error).message}`);
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (!message) continue;
        if (this.killed) return;
        if (this.stopping) {
          message.nak();
          return;
        }
        const task = message.data;
        let handOff!: () => void;
        const handedOff = new Promise<void>((resolve) => (handOff = resolve));
        const handling: Promise<void> = this.handle(message, () => handOff())
          // Not acked: the task comes back after its ack wait. (Never an unhandled rejection: the
          // loop awaits this only after its next pull.)
          .catch((error: unknown) =>
            this.logger.error(`task ${task.jobId}/${task.partition} failed: ${(error as Error).message}`),
          )
          .finally(() => {
            this.inFlight.delete(handling);
            handOff();
          });
        this.inFlight.add(handling);
        await handedOff;
        await tail;
        tail = handling;
      }
    } finally {
      await tail;
    }
  }

  /**
   * A partition is its own trace (it outlives the request that submitted the job), linked to the
   * job's trace through the context the orchestrator published the task with.
   */
  private traced(message: WorkQueueMessage<BatchPartitionTask>, work: () => Promise<PartitionOutcome>) {
    const job = trace.getSpanContext(contextFromHeaders(message.traceHeaders));
    return otelContext.with(ROOT_CONTEXT, () =>
      inSpan(
        'batch.partition',
        {
          'llmops.batch.job_id': message.data.jobId,
          'llmops.batch.partition': message.data.partition,
          'messaging.system': 'nats',
          'messaging.destination.name': this.spec.subject,
          'messaging.message.delivery_count': message.deliveryCount,
        },
        async (span) => {
          const outcome = await work();
          span.setAttribute('llmops.batch.outcome', outcome.kind);
          return outcome;
        },
        { kind: SpanKind.CONSUMER, links: job ? [{ context: job, attributes: { 'llmops.link': 'batch job' } }] : [] },
      ),
    );
  }

  private async handle(message: WorkQueueMessage<BatchPartitionTask>, summarized: () => void): Promise<void> {
    const task = message.data;
    let lastBeat = Date.now();
    const beatEvery = Math.max(250, Math.floor(this.config.BATCH_ACK_WAIT_MS / 4));
    const beat = () => {
      if (this.killed) return;
      lastBeat = Date.now();
      message.working();
    };
    // Rows heartbeat as they go; the timer covers a single long row.
    const timer = setInterval(beat, beatEvery);
    if (message.deliveryCount > 1) platformMetrics.workQueueRedelivered().inc({ queue: this.spec.name });
    let outcome: PartitionOutcome;
    try {
      outcome = await this.traced(message, () =>
        this.handler.execute({
          task,
          deliveryCount: message.deliveryCount,
          heartbeat: () => {
            if (Date.now() - lastBeat >= beatEvery) beat();
          },
          abandoned: () => this.killed,
          summarized,
        }),
      );
    } finally {
      clearInterval(timer);
    }
    if (outcome.kind === 'dead-lettered') platformMetrics.workQueueDeadLettered().inc({ queue: this.spec.name });
    // Counted once per partition: a redelivery whose commit was already in the table is not new rows.
    if (outcome.kind === 'completed' && outcome.committed) {
      platformMetrics.batchRowsWritten().inc(outcome.rowsWritten);
      platformMetrics.batchRowsFailed().inc(outcome.failedRowIds.length);
    }
    this.outcomes.push({ jobId: task.jobId, partition: task.partition, deliveryCount: message.deliveryCount, outcome });
    if (this.killed || outcome.kind === 'abandoned') return;
    try {
      if (outcome.kind === 'completed') await message.ack();
      else if (outcome.kind === 'dead-lettered') message.term();
      else {
        this.logger.warn(
          `job ${task.jobId} partition ${task.partition} delivery ${message.deliveryCount} failed: ${outcome.error}`,
        );
        message.nak(outcome.delayMs);
      }
    } catch (error) {
      // An ack that did not reach the broker means one more delivery, whose report is a no-op.
      this.logger.warn(`could not settle task ${task.jobId}/${task.partition}: ${(error as Error).message}`);
    }
  }
}
