import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteExperimentTagRequest, SetExperimentTagRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { ExperimentTagsHandler } from './experiment-tags.handler';

@Controller()
export class ExperimentTagsController {
  constructor(private readonly handler: ExperimentTagsHandler) {}

  @MessagePattern(SUBJECTS.tracking.experiments.setTag)
  async set(@Payload() request: SetExperimentTagRequest): Promise<TrackingEmptyResponse> {
    await this.handler.set(request.experiment_id, request.key, request.value);
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.experiments.deleteTag)
  async delete(@Payload() request: DeleteExperimentTagRequest): Promise<TrackingEmptyResponse> {
    await this.handler.delete(request.experiment_id, request.key);
    return {};
  }
}
