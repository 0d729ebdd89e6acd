import { Injectable } from '@nestjs/common';
import { BatchJobDetailView, ResourceNotFoundError } from '@llmops/contract';
import { BatchAccess, BatchCaller, jobVisible } from '../../access/batch-access';
import { toJobDetailView } from '../batch-job.view';
import { BatchJobRepository } from '../domain/batch-job.repository';

@Injectable()
export class GetJobHandler {
  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly access: BatchAccess,
  ) {}

  /** A job the caller may not see is answered like one that does not exist (its id tells nothing). */
  async execute(jobId: string, caller?: BatchCaller): Promise<BatchJobDetailView> {
    const job = await this.jobs.get(jobId);
    if (!job || !jobVisible(await this.access.jobScope(caller), job)) {
      throw new ResourceNotFoundError(`Batch job ${jobId} does not exist (or is not visible to you)`);
    }
    return toJobDetailView(job, await this.jobs.partitions(jobId));
  }
}
