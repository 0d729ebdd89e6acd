import { Injectable } from '@nestjs/common';
import { BatchJobDetailView, ResourceNotFoundError } from '@llmops/contract';
import { toJobDetailView } from '../batch-job.view';
import { BatchJobRepository } from '../domain/batch-job.repository';

@Injectable()
export class GetJobHandler {
  constructor(private readonly jobs: BatchJobRepository) {}

  async execute(jobId: string): Promise<BatchJobDetailView> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new ResourceNotFoundError(`Batch job ${jobId} does not exist`);
    return toJobDetailView(job, await this.jobs.partitions(jobId));
  }
}
