import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogParamRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { LogParamHandler } from './log-param.handler';

@Controller()
export class LogParamController {
  constructor(private readonly handler: LogParamHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.logParam)
  async logParam(@Payload() request: LogParamRequest): Promise<TrackingEmptyResponse> {
    await this.handler.execute(request.run_id, request.key, request.value);
    return {};
  }
}
