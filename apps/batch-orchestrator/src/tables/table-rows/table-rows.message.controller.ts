import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { callerIdentityOf } from '@llmops/authz';
import { BatchTableRowsRequest, BatchTableRowsView, SUBJECTS } from '@llmops/contract';
import { TableRowsHandler } from './table-rows.handler';

@Controller()
export class TableRowsMessageController {
  constructor(private readonly handler: TableRowsHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.rows)
  rows(@Payload() request: BatchTableRowsRequest, @Ctx() ctx: unknown): Promise<BatchTableRowsView> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
