import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogMetricRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { Clock } from '../../shared/clock';
import { metricFromWire } from '../logging/metric-input';
import { LogMetricHandler } from './log-metric.handler';

@Controller()
export class LogMetricController {
  constructor(
    private readonly handler: LogMetricHandler,
    private readonly clock: Clock,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.logMetric)
  async logMetric(@Payload() request: LogMetricRequest): Promise<TrackingEmptyResponse> {
    await this.handler.execute(request.run_id, metricFromWire(request, this.clock.now()));
    return {};
  }
}
