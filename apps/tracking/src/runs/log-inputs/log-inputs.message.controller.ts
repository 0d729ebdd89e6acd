import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { LogInputsRequest, SUBJECTS, TrackingEmptyResponse } from '@llmops/contract';
import { LogInputsHandler } from './log-inputs.handler';

@Controller()
export class LogInputsController {
  constructor(private readonly handler: LogInputsHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.logInputs)
  async logInputs(@Payload() request: LogInputsRequest): Promise<TrackingEmptyResponse> {
    await this.handler.execute(
      request.run_id,
      request.datasets.map((input) => ({
        tags: input.tags ?? [],
        dataset: {
          name: input.dataset.name,
          digest: input.dataset.digest,
          sourceType: input.dataset.source_type,
          source: input.dataset.source,
          schema: input.dataset.schema ?? null,
          profile: input.dataset.profile ?? null,
        },
      })),
    );
    return {};
  }
}
