import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateLoggedModelRequest, LoggedModelResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { CreateLoggedModelHandler } from './create-logged-model.handler';

@Controller()
export class CreateLoggedModelController {
  constructor(
    private readonly handler: CreateLoggedModelHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.create)
  async create(@Payload() request: CreateLoggedModelRequest): Promise<LoggedModelResponse> {
    const model = await this.handler.execute({
      experimentId: request.experiment_id,
      name: request.name,
      modelType: request.model_type,
      sourceRunId: request.source_run_id,
      params: request.params,
      tags: request.tags,
      runArtifactPath: request.run_artifact_path,
    });
    return { model: toLoggedModelView(model, this.locations) };
  }
}
