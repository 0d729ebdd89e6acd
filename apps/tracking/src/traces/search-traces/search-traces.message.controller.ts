import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SearchTracesRequest, SearchTracesResponse, SUBJECTS } from '@llmops/contract';
import { TraceViews } from '../trace-views';
import { SearchTracesHandler } from './search-traces.handler';

@Controller()
export class SearchTracesController {
  constructor(
    private readonly handler: SearchTracesHandler,
    private readonly views: TraceViews,
  ) {}

  @MessagePattern(SUBJECTS.tracking.traces.search)
  async search(@Payload() request: SearchTracesRequest): Promise<SearchTracesResponse> {
    const found = await this.handler.execute(request);
    return {
      traces: await this.views.of(found.traces),
      ...(found.nextPageToken ? { next_page_token: found.nextPageToken } : {}),
    };
  }
}
