import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { BatchTableRowsRequest, BatchTableRowsView, SUBJECTS } from '@llmops/contract';
import { TableRowsHandler } from './table-rows.handler';

@Controller()
export class TableRowsMessageController {
  constructor(private readonly handler: TableRowsHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.rows)
  rows(@Payload() request: BatchTableRowsRequest): Promise<BatchTableRowsView> {
    return this.handler.execute(request);
  }
}
