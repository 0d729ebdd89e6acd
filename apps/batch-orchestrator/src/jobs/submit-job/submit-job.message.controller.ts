import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BatchJobDetailView, SubmitBatchJobRequest, SUBJECTS } from '@llmops/contract';
import { SubmitJobHandler } from './submit-job.handler';

@Controller()
export class SubmitJobMessageController {
  constructor(private readonly handler: SubmitJobHandler) {}

  @MessagePattern(SUBJECTS.batch.jobs.submit)
  submit(@Payload() request: SubmitBatchJobRequest): Promise<BatchJobDetailView> {
    return this.handler.execute(request);
  }
}
