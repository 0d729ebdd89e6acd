import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogPredictionsRequest, LogPredictionsResponse, SUBJECTS } from '@llmops/contract';
import { LogPredictionsHandler } from './log-predictions.handler';

@Controller()
export class LogPredictionsController {
  constructor(private readonly handler: LogPredictionsHandler) {}

  @MessagePattern(SUBJECTS.tracking.predictions.log)
  async log(@Payload() request: LogPredictionsRequest): Promise<LogPredictionsResponse> {
    const result = await this.handler.execute(
      request.run_id,
      request.rows.map((row) => ({
        inputs: row.inputs,
        outputs: row.outputs,
        latencyMs: row.latency_ms ?? null,
        extra: row.extra ?? null,
        timestamp: row.timestamp,
      })),
    );
    return { first_row_index: result.firstRowIndex, count: result.count };
  }
}
