import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LoggedModelIdRequest, LoggedModelResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { GetLoggedModelHandler } from './get-logged-model.handler';

@Controller()
export class GetLoggedModelController {
  constructor(
    private readonly handler: GetLoggedModelHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.get)
  async get(@Payload() request: LoggedModelIdRequest): Promise<LoggedModelResponse> {
    return { model: toLoggedModelView(await this.handler.execute(request.model_id), this.locations) };
  }
}
