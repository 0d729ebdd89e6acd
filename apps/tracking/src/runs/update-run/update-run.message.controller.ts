import { Controller } from '@nestjs/common';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SUBJECTS, UpdateRunRequest, UpdateRunResponse } from '@llmops/contract';
import { toRunInfoView } from '../run-view.mapper';
import { UpdateRunHandler } from './update-run.handler';

@Controller()
export class UpdateRunController {
  constructor(
    private readonly handler: UpdateRunHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.update)
  async update(@Payload() request: UpdateRunRequest): Promise<UpdateRunResponse> {
    const info = await this.handler.execute({
      runId: request.run_id,
      status: request.status,
      endTime: request.end_time,
      runName: request.run_name,
    });
    return { run_info: toRunInfoView(info, this.locations) };
  }
}
