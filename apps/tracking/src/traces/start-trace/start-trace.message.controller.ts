import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { EndTraceRequest, StartTraceRequest, SUBJECTS, TraceInfoResponse } from '@llmops/contract';
import { TraceViews } from '../trace-views';
import { StartTraceHandler } from './start-trace.handler';

@Controller()
export class StartTraceController {
  constructor(
    private readonly handler: StartTraceHandler,
    private readonly views: TraceViews,
  ) {}

  @MessagePattern(SUBJECTS.tracking.traces.start)
  async start(@Payload() request: StartTraceRequest): Promise<TraceInfoResponse> {
    const [trace_info] = await this.views.of([await this.handler.start(request)]);
    return { trace_info };
  }

  @MessagePattern(SUBJECTS.tracking.traces.end)
  async end(@Payload() request: EndTraceRequest): Promise<TraceInfoResponse> {
    const [trace_info] = await this.views.of([await this.handler.end(request)]);
    return { trace_info };
  }
}
