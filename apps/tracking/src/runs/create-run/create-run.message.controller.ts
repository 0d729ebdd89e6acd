import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { callerIdentityOf } from '@llmops/authz';
import { CreateRunRequest, RunResponse, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { toRunView } from '../run-view.mapper';
import { CreateRunHandler } from './create-run.handler';

/** True when auth is on: the caller the gateway authenticated is the run's author. */
export const SERVER_SETS_RUN_USER = Symbol('SERVER_SETS_RUN_USER');

@Controller()
export class CreateRunController {
  constructor(
    private readonly handler: CreateRunHandler,
    private readonly locations: ArtifactLocations,
    @Inject(SERVER_SETS_RUN_USER) private readonly serverSetsUser: boolean,
  ) {}

  @MessagePattern(SUBJECTS.tracking.runs.create)
  async create(@Payload() request: CreateRunRequest, @Ctx() ctx: unknown): Promise<RunResponse> {
    const caller = this.serverSetsUser ? callerIdentityOf(ctx) : undefined;
    const run = await this.handler.execute({
      experimentId: request.experiment_id,
      userId: request.user_id,
      authenticatedUser: caller?.user,
      runName: request.run_name,
      startTime: request.start_time,
      tags: request.tags,
    });
    return { run: toRunView(run, this.locations) };
  }
}
