import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { BatchJobView, ListBatchJobsRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { ListJobsHandler } from './list-jobs.handler';

@Controller()
export class ListJobsMessageController {
  constructor(private readonly handler: ListJobsHandler) {}

  @MessagePattern(SUBJECTS.batch.jobs.list)
  list(@Payload() request: ListBatchJobsRequest, @Ctx() ctx: unknown): Promise<{ jobs: BatchJobView[] }> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
