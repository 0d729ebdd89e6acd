import { Controller } from '@nestjs/common';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetExperimentByNameRequest, GetExperimentRequest, GetExperimentResponse, SUBJECTS } from '@llmops/contract';
import { toExperimentView } from '../experiment-view.mapper';
import { GetExperimentHandler } from './get-experiment.handler';

@Controller()
export class GetExperimentController {
  constructor(
    private readonly handler: GetExperimentHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.experiments.get)
  async get(@Payload() request: GetExperimentRequest): Promise<GetExperimentResponse> {
    return { experiment: toExperimentView(await this.handler.byId(request.experiment_id), this.locations) };
  }

  @MessagePattern(SUBJECTS.tracking.experiments.getByName)
  async getByName(@Payload() request: GetExperimentByNameRequest): Promise<GetExperimentResponse> {
    return { experiment: toExperimentView(await this.handler.byName(request.experiment_name), this.locations) };
  }
}
