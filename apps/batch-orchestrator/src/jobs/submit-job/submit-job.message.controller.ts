import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { BatchJobDetailView, SubmitBatchJobRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { SubmitJobHandler } from './submit-job.handler';

@Controller()
export class SubmitJobMessageController {
  constructor(private readonly handler: SubmitJobHandler) {}

  @MessagePattern(SUBJECTS.batch.jobs.submit)
  submit(@Payload() request: SubmitBatchJobRequest, @Ctx() ctx: unknown): Promise<BatchJobDetailView> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
