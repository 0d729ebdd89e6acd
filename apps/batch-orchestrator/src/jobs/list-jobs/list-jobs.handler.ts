import { Injectable } from '@nestjs/common';
import { BatchJobView, ListBatchJobsRequest } from '@llmops/contract';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { toJobView } from '../batch-job.view';
import { BatchJobRepository } from '../domain/batch-job.repository';

@Injectable()
export class ListJobsHandler {
  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly access: BatchAccess,
  ) {}

  /** Newest first, only the caller's visible jobs: filtered in the query, so `limit` counts visible ones. */
  async execute(request: ListBatchJobsRequest, caller?: BatchCaller): Promise<{ jobs: BatchJobView[] }> {
    const scope = await this.access.jobScope(caller);
    const jobs = await this.jobs.list({ state: request.state, limit: request.limit ?? 100, scope });
    const now = new Date();
    return { jobs: jobs.map((job) => toJobView(job, now)) };
  }
}
