import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SUBJECTS, TrackingEmptyResponse, UpdateExperimentRequest } from '@llmops/contract';
import { UpdateExperimentHandler } from './update-experiment.handler';

@Controller()
export class UpdateExperimentController {
  constructor(private readonly handler: UpdateExperimentHandler) {}

  @MessagePattern(SUBJECTS.tracking.experiments.update)
  async update(@Payload() request: UpdateExperimentRequest): Promise<TrackingEmptyResponse> {
    await this.handler.rename(request.experiment_id, request.new_name);
    return {};
  }
}
