import { Controller } from '@nestjs/common';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetRunRequest, RunResponse, SUBJECTS } from '@llmops/contract';
import { toRunView } from '../run-view.mapper';
import { GetRunHandler } from './get-run.handler';

@Controller()
export class GetRunController {
  constructor(
    private readonly handler: GetRunHandler,
    private readonly locations: ArtifactLocations,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.get)
  async get(@Payload() request: GetRunRequest): Promise<RunResponse> {
    const run = await this.handler.execute(request.run_id);
    return {
      run: {
        ...toRunView(run, this.locations),
        outputs: { model_outputs: run.outputs.map((o) => ({ model_id: o.modelId, step: o.step })) },
      },
    };
  }
}
