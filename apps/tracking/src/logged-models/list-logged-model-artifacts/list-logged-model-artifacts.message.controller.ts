import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListLoggedModelArtifactsRequest, ListLoggedModelArtifactsResponse, SUBJECTS } from '@llmops/contract';
import { ListLoggedModelArtifactsHandler } from './list-logged-model-artifacts.handler';

@Controller()
export class ListLoggedModelArtifactsController {
  constructor(private readonly handler: ListLoggedModelArtifactsHandler) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.listArtifacts)
  async list(@Payload() request: ListLoggedModelArtifactsRequest): Promise<ListLoggedModelArtifactsResponse> {
    const listing = await this.handler.execute(request.model_id, request.artifact_directory_path);
    return { root_uri: listing.rootUri, files: listing.files };
  }
}
