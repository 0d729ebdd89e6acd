import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SearchLoggedModelsRequest, SearchLoggedModelsResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { SearchLoggedModelsHandler } from './search-logged-models.handler';

@Controller()
export class SearchLoggedModelsController {
  constructor(
    private readonly handler: SearchLoggedModelsHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.search)
  async search(@Payload() request: SearchLoggedModelsRequest): Promise<SearchLoggedModelsResponse> {
    const page = await this.handler.execute({
      experimentIds: request.experiment_ids,
      filter: request.filter,
      datasets: request.datasets,
      maxResults: request.max_results,
      orderBy: request.order_by,
      pageToken: request.page_token,
    });
    const response: SearchLoggedModelsResponse = {
      models: page.models.map((m) => toLoggedModelView(m, this.locations)),
    };
    if (page.nextPageToken) response.next_page_token = page.nextPageToken;
    return response;
  }
}
