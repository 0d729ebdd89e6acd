import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExportPredictionsRequest, ExportPredictionsResponse, SUBJECTS } from '@llmops/contract';
import { ExportPredictionsHandler } from './export-predictions.handler';

@Controller()
export class ExportPredictionsController {
  constructor(private readonly handler: ExportPredictionsHandler) {}

  @MessagePattern(SUBJECTS.tracking.predictions.export)
  async export(@Payload() request: ExportPredictionsRequest): Promise<ExportPredictionsResponse> {
    const result = await this.handler.execute(request.run_id);
    return { artifact_path: result.artifactPath, artifact_uri: result.artifactUri, rows: result.rows };
  }
}
