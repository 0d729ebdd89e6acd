import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateExperimentRequest, CreateExperimentResponse, SUBJECTS } from '@llmops/contract';
import { CreateExperimentHandler } from './create-experiment.handler';

@Controller()
export class CreateExperimentController {
  constructor(private readonly handler: CreateExperimentHandler) {}

  @MessagePattern(SUBJECTS.tracking.experiments.create)
  async create(@Payload() request: CreateExperimentRequest): Promise<CreateExperimentResponse> {
    const experiment = await this.handler.execute({
      name: request.name,
      artifactLocation: request.artifact_location,
      tags: request.tags,
    });
    return { experiment_id: experiment.id };
  }
}
