import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { DatasetNameRequest, BatchDatasetView, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { GetDatasetHandler } from './get-dataset.handler';

@Controller()
export class GetDatasetMessageController {
  constructor(private readonly handler: GetDatasetHandler) {}

  @MessagePattern(SUBJECTS.batch.datasets.get)
  async get(@Payload() request: DatasetNameRequest, @Ctx() ctx: unknown): Promise<{ dataset: BatchDatasetView }> {
    return { dataset: await this.handler.execute(request.name, callerIdentityOf(ctx)) };
  }
}
