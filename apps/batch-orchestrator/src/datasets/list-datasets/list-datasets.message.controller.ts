import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { BatchDatasetView, ListDatasetsRequest, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { ListDatasetsHandler } from './list-datasets.handler';

@Controller()
export class ListDatasetsMessageController {
  constructor(private readonly handler: ListDatasetsHandler) {}

  @MessagePattern(SUBJECTS.batch.datasets.list)
  list(@Payload() request: ListDatasetsRequest, @Ctx() ctx: unknown): Promise<{ datasets: BatchDatasetView[] }> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
