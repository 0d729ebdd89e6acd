import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetMetricHistoryRequest, GetMetricHistoryResponse, SUBJECTS } from '@llmops/contract';
import { toMetricView } from '../../runs/run-view.mapper';
import { GetMetricHistoryHandler } from './get-metric-history.handler';

@Controller()
export class GetMetricHistoryController {
  constructor(private readonly handler: GetMetricHistoryHandler) {}

  @MessagePattern(SUBJECTS.tracking.metrics.getHistory)
  async history(@Payload() request: GetMetricHistoryRequest): Promise<GetMetricHistoryResponse> {
    const page = await this.handler.execute(
      request.run_id,
      request.metric_key,
      request.max_results,
      request.page_token,
    );
    const response: GetMetricHistoryResponse = { metrics: page.metrics.map(toMetricView) };
    if (page.nextPageToken) response.next_page_token = page.nextPageToken;
    return response;
  }
}
