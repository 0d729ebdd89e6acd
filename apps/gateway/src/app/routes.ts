import { Provider, Type } from '@nestjs/common';
import { ArtifactRepositoryFactory } from '@llmops/artifacts';
import { MlflowArtifactsController } from '../mlflow/mlflow-artifacts.controller';
import { MlflowExperimentsController } from '../mlflow/mlflow-experiments.controller';
import { MlflowRunsController } from '../mlflow/mlflow-runs.controller';
import { ArtifactsController } from '../tracking/artifacts/artifacts.controller';
import { RunArtifactsService } from '../artifacts/run-artifacts.service';
import { ServedArtifactsService } from '../artifacts/served-artifacts.service';
import { MlflowMultipartController } from '../mlflow/mlflow-multipart.controller';
import { MlflowLoggedModelsController } from '../mlflow/mlflow-logged-models.controller';
import { MlflowTracesV2Controller, MlflowTracesV3Controller } from '../mlflow/traces/mlflow-traces.controller';
import { MlflowVersionController } from '../mlflow/mlflow-version.controller';
import { OtlpTracesController } from '../otlp/otlp-traces.controller';
import { LoggedModelsController } from '../tracking/logged-models/logged-models.controller';
import { ExperimentsController } from '../tracking/experiments/experiments.controller';
import { PredictionsController } from '../tracking/predictions/predictions.controller';
import { RunsController } from '../tracking/runs/runs.controller';

/**
 * Every HTTP route group of the gateway, one controller per resource. Express tries a request
 * against the routes in this order, one regular expression each until one matches: MLflow's run
 * logging, the calls a training loop makes at high rate, comes first (`log-metric` was the 64th
 * route tried, about 5% of the gateway's CPU per call). Its paths match no other route's, nor
 * theirs its (routes.spec.ts), so the order changes no request's handler.
 */
export const GATEWAY_CONTROLLERS: Type<unknown>[] = [
  MlflowRunsController,
  ExperimentsController,
  RunsController,
  PredictionsController,
  ArtifactsController,
  LoggedModelsController,
  MlflowExperimentsController,
  MlflowArtifactsController,
  MlflowMultipartController,
  MlflowLoggedModelsController,
  MlflowTracesV3Controller,
  MlflowTracesV2Controller,
  MlflowVersionController,
  OtlpTracesController,
];

export const GATEWAY_PROVIDERS: Provider[] = [
  { provide: ArtifactRepositoryFactory, useFactory: () => new ArtifactRepositoryFactory() },
  RunArtifactsService,
  ServedArtifactsService,
];
