import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogOutputsRequest, SUBJECTS } from '@llmops/contract';
import { LogOutputsHandler } from './log-outputs.handler';

@Controller()
export class LogOutputsController {
  constructor(private readonly handler: LogOutputsHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.logOutputs)
  async log(@Payload() request: LogOutputsRequest): Promise<Record<string, never>> {
    await this.handler.execute(
      request.run_id,
      (request.models ?? []).map((m) => ({ modelId: m.model_id, step: m.step })),
    );
    return {};
  }
}
