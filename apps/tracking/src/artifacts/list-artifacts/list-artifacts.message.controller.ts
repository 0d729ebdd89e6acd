import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListArtifactsRequest, ListArtifactsResponse, SUBJECTS } from '@llmops/contract';
import { ListArtifactsHandler } from './list-artifacts.handler';

@Controller()
export class ListArtifactsController {
  constructor(private readonly handler: ListArtifactsHandler) {}

  @MessagePattern(SUBJECTS.tracking.artifacts.list)
  async list(@Payload() request: ListArtifactsRequest): Promise<ListArtifactsResponse> {
    const listing = await this.handler.execute(request.run_id, request.path);
    return { root_uri: listing.rootUri, files: listing.files };
  }
}
