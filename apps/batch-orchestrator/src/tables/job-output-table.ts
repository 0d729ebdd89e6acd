import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@llmops/contract';
import { BatchJobRepository } from '../jobs/domain/batch-job.repository';

/**
 * The table a job wrote: tables are reached through their jobs, so whoever may read a job may read
 * what it wrote, and no caller names a path on the server.
 */
@Injectable()
export class JobOutputTable {
  constructor(private readonly jobs: BatchJobRepository) {}

  async of(jobId: string): Promise<string> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new ResourceNotFoundError(`Batch job ${jobId} does not exist`);
    return job.outputTable;
  }
}
