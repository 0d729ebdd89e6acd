import { Module } from '@nestjs/common';
import { ServiceClient } from '../services/service-client';
import { MlflowModelVersionsController } from './mlflow/mlflow-model-versions.controller';
import { MlflowRegisteredModelsController } from './mlflow/mlflow-registered-models.controller';
import { ModelsResolveController } from './platform/models-resolve.controller';
import { RegisteredModelsController } from './platform/registered-models.controller';
import { REGISTRY_HTTP_OPTIONS, registryHttpOptionsFrom } from './registry-http.options';

/**
 * The gateway's model registry routes: platform REST under /api/v1 (registry, evaluation, gated
 * promotion) and MLflow's model-registry REST API 2.0, forwarded to the registry over NATS.
 */
@Module({
  controllers: [
    RegisteredModelsController,
    ModelsResolveController,
    MlflowRegisteredModelsController,
    MlflowModelVersionsController,
  ],
  providers: [ServiceClient, { provide: REGISTRY_HTTP_OPTIONS, useFactory: () => registryHttpOptionsFrom() }],
})
export class RegistryHttpModule {}
