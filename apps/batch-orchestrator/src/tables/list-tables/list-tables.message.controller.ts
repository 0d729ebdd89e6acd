import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { ListTablesRequest, TableEntryView, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { ListTablesHandler } from './list-tables.handler';

@Controller()
export class ListTablesMessageController {
  constructor(private readonly handler: ListTablesHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.list)
  list(@Payload() request: ListTablesRequest, @Ctx() ctx: unknown): Promise<{ tables: TableEntryView[] }> {
    return this.handler.execute(request, callerIdentityOf(ctx));
  }
}
