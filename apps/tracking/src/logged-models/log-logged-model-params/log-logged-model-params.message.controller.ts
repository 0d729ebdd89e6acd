import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogLoggedModelParamsRequest, SUBJECTS } from '@llmops/contract';
import { LogLoggedModelParamsHandler } from './log-logged-model-params.handler';

@Controller()
export class LogLoggedModelParamsController {
  constructor(private readonly handler: LogLoggedModelParamsHandler) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.logParams)
  async log(@Payload() request: LogLoggedModelParamsRequest): Promise<Record<string, never>> {
    await this.handler.execute(request.model_id, request.params);
    return {};
  }
}
