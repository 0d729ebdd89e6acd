import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetTracesRequest, GetTracesResponse, SUBJECTS, TraceIdRequest, TraceInfoResponse } from '@llmops/contract';
import { TraceRepository } from '../domain/trace.repository';
import { requireTrace } from '../trace-lookup';
import { TraceViews } from '../trace-views';
import { GetTracesHandler } from './get-traces.handler';

@Controller()
export class GetTracesController {
  constructor(
    private readonly handler: GetTracesHandler,
    private readonly traces: TraceRepository,
    private readonly views: TraceViews,
  ) {}

  /** A trace's info (MLflow's GetTraceInfoV3 / 2.x GetTraceInfo). */
  @MessagePattern(SUBJECTS.tracking.traces.get)
  async info(@Payload() request: TraceIdRequest): Promise<TraceInfoResponse> {
    const [trace_info] = await this.views.of([await requireTrace(this.traces, request.trace_id)]);
    return { trace_info };
  }

  @MessagePattern(SUBJECTS.tracking.traces.getData)
  async data(@Payload() request: GetTracesRequest): Promise<GetTracesResponse> {
    const found = await this.handler.execute(request.trace_ids);
    const views = await this.views.of(found.map((t) => t.info));
    return { traces: found.map((t, i) => ({ trace_info: views[i], spans: t.spans })) };
  }
}
