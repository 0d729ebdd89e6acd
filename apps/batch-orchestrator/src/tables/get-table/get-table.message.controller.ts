import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { TableNameRequest, TableView, SUBJECTS } from '@llmops/contract';
import { callerIdentityOf } from '@llmops/authz';
import { GetTableHandler } from './get-table.handler';

@Controller()
export class GetTableMessageController {
  constructor(private readonly handler: GetTableHandler) {}

  @MessagePattern(SUBJECTS.batch.tables.get)
  async get(@Payload() request: TableNameRequest, @Ctx() ctx: unknown): Promise<{ table: TableView }> {
    return { table: await this.handler.execute(request.name, callerIdentityOf(ctx)) };
  }
}
