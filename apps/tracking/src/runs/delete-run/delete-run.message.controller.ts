import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteRunRequest, RestoreRunRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { DeleteRunHandler } from './delete-run.handler';

@Controller()
export class DeleteRunController {
  constructor(private readonly handler: DeleteRunHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.delete)
  async delete(@Payload() request: DeleteRunRequest): Promise<TrackingEmptyResponse> {
    await this.handler.delete(request.run_id);
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.runs.restore)
  async restore(@Payload() request: RestoreRunRequest): Promise<TrackingEmptyResponse> {
    await this.handler.restore(request.run_id);
    return {};
  }
}
