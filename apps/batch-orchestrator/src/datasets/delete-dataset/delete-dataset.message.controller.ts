import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { DatasetNameRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { DeleteDatasetHandler } from './delete-dataset.handler';

@Controller()
export class DeleteDatasetMessageController {
  constructor(private readonly handler: DeleteDatasetHandler) {}

  @MessagePattern(SUBJECTS.batch.datasets.delete)
  async delete(@Payload() request: DatasetNameRequest, @Ctx() ctx: unknown): Promise<Record<string, never>> {
    await this.handler.execute(request.name, callerIdentityOf(ctx));
    return {};
  }
}
