import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteRunTagRequest, SetRunTagRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { RunTagsHandler } from './run-tags.handler';

@Controller()
export class RunTagsController {
  constructor(private readonly handler: RunTagsHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.setTag)
  async set(@Payload() request: SetRunTagRequest): Promise<TrackingEmptyResponse> {
    await this.handler.set(request.run_id, request.key, request.value);
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.runs.deleteTag)
  async delete(@Payload() request: DeleteRunTagRequest): Promise<TrackingEmptyResponse> {
    await this.handler.delete(request.run_id, request.key);
    return {};
  }
}
