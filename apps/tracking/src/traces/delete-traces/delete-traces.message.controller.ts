import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteTracesRequest, DeleteTracesResponse, SUBJECTS } from '@llmops/contract';
import { DeleteTracesHandler } from './delete-traces.handler';

@Controller()
export class DeleteTracesController {
  constructor(private readonly handler: DeleteTracesHandler) {}

  @MessagePattern(SUBJECTS.tracking.traces.delete)
  async delete(@Payload() request: DeleteTracesRequest): Promise<DeleteTracesResponse> {
    return { traces_deleted: await this.handler.execute(request) };
  }
}
