import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IngestOtlpRequest, IngestOtlpResponse, SUBJECTS } from '@llmops/contract';
import { IngestOtlpHandler } from './ingest-otlp.handler';

@Controller()
export class IngestOtlpController {
  constructor(private readonly handler: IngestOtlpHandler) {}

  @MessagePattern(SUBJECTS.tracking.traces.ingestOtlp)
  async ingest(@Payload() request: IngestOtlpRequest): Promise<IngestOtlpResponse> {
    return { accepted: await this.handler.execute(request.request, request.experimentId) };
  }
}
