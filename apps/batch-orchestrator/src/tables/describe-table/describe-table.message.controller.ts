import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BatchTableView, DescribeBatchTableRequest, SUBJECTS } from '@llmops/contract';
import { DescribeTableHandler } from './describe-table.handler';

@Controller()
export class DescribeTableMessageController {
  constructor(private readonly handler: DescribeTableHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.describe)
  describe(@Payload() request: DescribeBatchTableRequest): Promise<BatchTableView> {
    return this.handler.execute(request);
  }
}
