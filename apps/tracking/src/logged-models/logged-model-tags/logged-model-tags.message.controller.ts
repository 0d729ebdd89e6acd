import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeleteLoggedModelTagRequest,
  LoggedModelResponse,
  SetLoggedModelTagsRequest,
  SUBJECTS,
} from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { LoggedModelTagsHandler } from './logged-model-tags.handler';

@Controller()
export class LoggedModelTagsController {
  constructor(
    private readonly handler: LoggedModelTagsHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.setTags)
  async set(@Payload() request: SetLoggedModelTagsRequest): Promise<LoggedModelResponse> {
    return { model: toLoggedModelView(await this.handler.set(request.model_id, request.tags), this.locations) };
  }

  @MessagePattern(SUBJECTS.tracking.loggedModels.deleteTag)
  async delete(@Payload() request: DeleteLoggedModelTagRequest): Promise<Record<string, never>> {
    await this.handler.delete(request.model_id, request.tag_key);
    return {};
  }
}
