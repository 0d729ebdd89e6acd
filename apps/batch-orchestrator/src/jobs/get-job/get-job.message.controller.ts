import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { BatchJobDetailView, GetBatchJobRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { GetJobHandler } from './get-job.handler';

@Controller()
export class GetJobMessageController {
  constructor(private readonly handler: GetJobHandler) {}

  @MessagePattern(SUBJECTS.batch.jobs.get)
  get(@Payload() request: GetBatchJobRequest, @Ctx() ctx: unknown): Promise<BatchJobDetailView> {
    return this.handler.execute(request.jobId, callerIdentityOf(ctx));
  }
}
