import { Controller } from '@nestjs/common';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateRunRequest, RunResponse, SUBJECTS } from '@llmops/contract';
import { toRunView } from '../run-view.mapper';
import { CreateRunHandler } from './create-run.handler';

@Controller()
export class CreateRunController {
  constructor(
    private readonly handler: CreateRunHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.create)
  async create(@Payload() request: CreateRunRequest): Promise<RunResponse> {
    const run = await this.handler.execute({
      experimentId: request.experiment_id,
      userId: request.user_id,
      runName: request.run_name,
      startTime: request.start_time,
      tags: request.tags,
    });
    return { run: toRunView(run, this.locations) };
  }
}
