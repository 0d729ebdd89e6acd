import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { callerIdentityOf } from '@llmops/authz';
import { BatchTableView, DescribeBatchTableRequest, SUBJECTS } from '@llmops/contract';
import { DescribeTableHandler } from './describe-table.handler';

@Controller()
export class DescribeTableMessageController {
  constructor(private readonly handler: DescribeTableHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.history)
  describe(@Payload() request: DescribeBatchTableRequest, @Ctx() ctx: unknown): Promise<BatchTableView> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
