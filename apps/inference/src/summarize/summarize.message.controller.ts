import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SUBJECTS, SummarizeRequest, SummarizeResponse } from '@llmops/contract';
import { SummarizeHandler } from './summarize.handler';

@Controller()
export class SummarizeMessageController {
  constructor(private readonly handler: SummarizeHandler) {}

  @MessagePattern(SUBJECTS.inference.summarize)
  summarize(@Payload() request: SummarizeRequest): Promise<SummarizeResponse> {
    return this.handler.execute(request);
  }
}
