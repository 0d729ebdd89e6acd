import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRunRequest, RunResponse, SUBJECTS } from '@llmops/contract';
import { toRunView } from '../run-view.mapper';
import { GetRunHandler } from './get-run.handler';

@Controller()
export class GetRunController {
  constructor(private readonly handler: GetRunHandler) {}

  @MessagePattern(SUBJECTS.tracking.runs.get)
  async get(@Payload() request: GetRunRequest): Promise<RunResponse> {
    return { run: toRunView(await this.handler.execute(request.run_id)) };
  }
}
