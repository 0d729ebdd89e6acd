import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteExperimentRequest, RestoreExperimentRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { DeleteExperimentHandler } from './delete-experiment.handler';

@Controller()
export class DeleteExperimentController {
  constructor(private readonly handler: DeleteExperimentHandler) {}

  @MessagePattern(SUBJECTS.tracking.experiments.delete)
  async delete(@Payload() request: DeleteExperimentRequest): Promise<TrackingEmptyResponse> {
    await this.handler.delete(request.experiment_id);
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.experiments.restore)
  async restore(@Payload() request: RestoreExperimentRequest): Promise<TrackingEmptyResponse> {
    await this.handler.restore(request.experiment_id);
    return {};
  }
}
