import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListPredictionsRequest, ListPredictionsResponse, SUBJECTS } from '@llmops/contract';
import { toPredictionView } from '../prediction-view.mapper';
import { ListPredictionsHandler } from './list-predictions.handler';

@Controller()
export class ListPredictionsController {
  constructor(private readonly handler: ListPredictionsHandler) {}

  @MessagePattern(SUBJECTS.tracking.predictions.list)
  async list(@Payload() request: ListPredictionsRequest): Promise<ListPredictionsResponse> {
    const page = await this.handler.execute(request.run_id, request.max_results, request.page_token);
    const response: ListPredictionsResponse = { predictions: page.predictions.map(toPredictionView) };
    if (page.nextPageToken) response.next_page_token = page.nextPageToken;
    return response;
  }
}
