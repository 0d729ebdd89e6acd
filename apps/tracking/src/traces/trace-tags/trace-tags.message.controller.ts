import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DeleteTraceTagRequest, SetTraceTagRequest, SUBJECTS } from '@llmops/contract';
import { TraceTagsHandler } from './trace-tags.handler';

@Controller()
export class TraceTagsController {
  constructor(private readonly handler: TraceTagsHandler) {}

  @MessagePattern(SUBJECTS.tracking.traces.setTag)
  async set(@Payload() request: SetTraceTagRequest): Promise<Record<string, never>> {
    await this.handler.set(request);
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.traces.deleteTag)
  async delete(@Payload() request: DeleteTraceTagRequest): Promise<Record<string, never>> {
    await this.handler.delete(request);
    return {};
  }
}
