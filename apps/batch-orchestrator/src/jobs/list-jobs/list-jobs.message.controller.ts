import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BatchJobView, ListBatchJobsRequest, SUBJECTS } from '@llmops/contract';
import { toJobView } from '../batch-job.view';
import { BatchJobRepository } from '../domain/batch-job.repository';

@Controller()
export class ListJobsMessageController {
  constructor(private readonly jobs: BatchJobRepository) {}

  @MessagePattern(SUBJECTS.batch.jobs.list)
  async list(@Payload() request: ListBatchJobsRequest): Promise<{ jobs: BatchJobView[] }> {
    const jobs = await this.jobs.list({ state: request.state, limit: request.limit ?? 100 });
    const now = new Date();
    return { jobs: jobs.map((job) => toJobView(job, now)) };
  }
}
