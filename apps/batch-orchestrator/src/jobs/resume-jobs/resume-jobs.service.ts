import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WorkQueue, WorkQueueSpec } from '@llmops/messaging';
import { BatchJobRepository } from '../domain/batch-job.repository';
import { BATCH_QUEUE_SPEC, publishPartitions } from '../task-queue';

/**
 * A restarted orchestrator finishes what it started: every partition of an unfinished job that is
 * not settled is published again. Tasks still queued are dropped as duplicates by their id; one
 * published again after the de-duplication window is processed again, and its commit is a no-op
 * (the partition is already done, or its txn is already in the table).
 */
@Injectable()
export class ResumeJobsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ResumeBatchJobs');

  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly queue: WorkQueue,
    @Inject(BATCH_QUEUE_SPEC) private readonly queueSpec: WorkQueueSpec,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.ensure(this.queueSpec);
    await this.resumeAll();
  }

  /** Returns how many tasks were published anew. */
  async resumeAll(): Promise<number> {
    let published = 0;
    for (const job of await this.jobs.unfinished()) {
      const pending = (await this.jobs.partitions(job.id)).filter((p) => p.state === 'PENDING');
      const fresh = await publishPartitions(this.queue, this.queueSpec, job, pending);
      published += fresh;
      this.logger.log(`resumed job ${job.id}: ${pending.length} partition(s) pending, ${fresh} task(s) republished`);
    }
    return published;
  }
}
