import { Provider, Type } from '@nestjs/common';
import { ArtifactRepositoryFactory } from '@llmops/artifacts';
import { MlflowArtifactsController } from '../mlflow/mlflow-artifacts.controller';
import { MlflowExperimentsController } from '../mlflow/mlflow-experiments.controller';
import { MlflowRunsController } from '../mlflow/mlflow-runs.controller';
import { ArtifactsController } from '../tracking/artifacts/artifacts.controller';
import { RunArtifactsService } from '../tracking/artifacts/run-artifacts.service';
import { ExperimentsController } from '../tracking/experiments/experiments.controller';
import { PredictionsController } from '../tracking/predictions/predictions.controller';
import { RunsController } from '../tracking/runs/runs.controller';

/** Every HTTP route group of the gateway, one controller per resource. */
export const GATEWAY_CONTROLLERS: Type<unknown>[] = [
  ExperimentsController,
  RunsController,
  PredictionsController,
  ArtifactsController,
  MlflowExperimentsController,
  MlflowRunsController,
  MlflowArtifactsController,
];

export const GATEWAY_PROVIDERS: Provider[] = [
  { provide: ArtifactRepositoryFactory, useFactory: () => new ArtifactRepositoryFactory() },
  RunArtifactsService,
];
