import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { visibleIdsOf } from '@llmops/authz';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { SearchRunsRequest, SearchRunsResponse, SUBJECTS } from '@llmops/contract';
import { toRunView } from '../run-view.mapper';
import { SearchRunsHandler } from './search-runs.handler';

@Controller()
export class SearchRunsController {
  constructor(
    private readonly handler: SearchRunsHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.search)
  async search(@Payload() request: SearchRunsRequest, @Ctx() ctx: unknown): Promise<SearchRunsResponse> {
    const page = await this.handler.execute(
      {
        experimentIds: request.experiment_ids,
        filter: request.filter,
        orderBy: request.order_by,
        view: request.run_view_type,
        maxResults: request.max_results,
        pageToken: request.page_token,
        visibleExperimentIds: visibleIdsOf(ctx, 'experiment'),
      },
      (run) => toRunView(run, this.locations),
    );
    const response: SearchRunsResponse = { runs: page.runs };
    if (page.nextPageToken) response.next_page_token = page.nextPageToken;
    return response;
  }
}
