import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FinalizeLoggedModelRequest, LoggedModelResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { FinalizeLoggedModelHandler } from './finalize-logged-model.handler';

@Controller()
export class FinalizeLoggedModelController {
  constructor(
    private readonly handler: FinalizeLoggedModelHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.finalize)
  async finalize(@Payload() request: FinalizeLoggedModelRequest): Promise<LoggedModelResponse> {
    return { model: toLoggedModelView(await this.handler.execute(request.model_id, request.status), this.locations) };
  }
}
