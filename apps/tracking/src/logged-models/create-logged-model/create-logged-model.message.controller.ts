import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { callerIdentityOf } from '@llmops/authz';
import { CreateLoggedModelRequest, LoggedModelResponse, SERVER_USER_TAG, SUBJECTS } from '@llmops/contract';
import { ArtifactLocations } from '../../artifacts/artifact-locations';
import { SERVER_SETS_RUN_USER } from '../../runs/create-run/create-run.message.controller';
import { toLoggedModelView } from '../logged-model-view.mapper';
import { CreateLoggedModelHandler } from './create-logged-model.handler';

@Controller()
export class CreateLoggedModelController {
  constructor(
    private readonly handler: CreateLoggedModelHandler,
    private readonly locations: ArtifactLocations,
    @Inject(SERVER_SETS_RUN_USER) private readonly serverSetsUser: boolean,
  ) {}

  @MessagePattern(SUBJECTS.tracking.loggedModels.create)
  async create(@Payload() request: CreateLoggedModelRequest, @Ctx() ctx: unknown): Promise<LoggedModelResponse> {
    // MLflow 3 clients send `mlflow.user` (their context tags) as for a run: with auth on, the
    // authenticated caller replaces it (a model without one gets none, as MLflow's server does).
    const caller = this.serverSetsUser ? callerIdentityOf(ctx) : undefined;
    const tags =
      caller && request.tags?.some((t) => t.key === SERVER_USER_TAG)
        ? request.tags.map((t) => (t.key === SERVER_USER_TAG ? { key: t.key, value: caller.user } : t))
        : request.tags;
    const model = await this.handler.execute({
      experimentId: request.experiment_id,
      name: request.name,
      modelType: request.model_type,
      sourceRunId: request.source_run_id,
      params: request.params,
      tags,
      runArtifactPath: request.run_artifact_path,
    });
    return { model: toLoggedModelView(model, this.locations) };
  }
}
