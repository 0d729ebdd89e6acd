import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { CreateDatasetRequest, BatchDatasetView, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { CreateDatasetHandler } from './create-dataset.handler';

@Controller()
export class CreateDatasetMessageController {
  constructor(private readonly handler: CreateDatasetHandler) {}

  @MessagePattern(SUBJECTS.batch.datasets.create)
  create(
    @Payload() request: CreateDatasetRequest,
    @Ctx() ctx: unknown,
  ): Promise<{ dataset: BatchDatasetView; created: boolean }> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
