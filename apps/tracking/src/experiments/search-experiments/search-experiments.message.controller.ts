import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { visibleIdsOf } from '@llmops/authz';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { SearchExperimentsRequest, SearchExperimentsResponse, SUBJECTS } from '@llmops/contract';
import { toExperimentView } from '../experiment-view.mapper';
import { SearchExperimentsHandler } from './search-experiments.handler';

@Controller()
export class SearchExperimentsController {
  constructor(
    private readonly handler: SearchExperimentsHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.experiments.search)
  async search(@Payload() request: SearchExperimentsRequest, @Ctx() ctx: unknown): Promise<SearchExperimentsResponse> {
    const page = await this.handler.execute({
      filter: request.filter,
      orderBy: request.order_by,
      view: request.view_type,
      maxResults: request.max_results,
      pageToken: request.page_token,
      visibleIds: visibleIdsOf(ctx, 'experiment'),
    });
    const response: SearchExperimentsResponse = {
      experiments: page.experiments.map((e) => toExperimentView(e, this.locations)),
    };
    if (page.nextPageToken) response.next_page_token = page.nextPageToken;
    return response;
  }
}
