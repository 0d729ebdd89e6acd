import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogBatchRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { metricFromWire } from '../logging/metric-input';
import { LogBatchHandler } from './log-batch.handler';

@Controller()
export class LogBatchController {
  constructor(
    private readonly handler: LogBatchHandler,
    private readonly clock: Clock,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.logBatch)
  async logBatch(@Payload() request: LogBatchRequest): Promise<TrackingEmptyResponse> {
    const now = this.clock.now();
    await this.handler.execute(request.run_id, {
      metrics: (request.metrics ?? []).map((m) => metricFromWire(m, now)),
      params: request.params ?? [],
      tags: request.tags ?? [],
    });
    return {};
  }
}
