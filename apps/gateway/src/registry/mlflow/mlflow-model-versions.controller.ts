import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { REGISTRY_LIMITS, SUBJECTS } from '@llmops/contract';
import type { ModelVersionResponse, SearchModelVersionsResponse } from '@llmops/contract';
import { gatherPages } from '../../mlflow/mlflow-pages';
import { MLFLOW_PREFIXES } from '../../mlflow/mlflow-routes';
import { ServiceClient } from '../../services/service-client';
import { deleteFields, mlflowRegistryRequest as req, mlflowRegistryResponse as res } from './mlflow-registry.mappers';

const S = SUBJECTS.registry.versions;

/**
 * MLflow REST API 2.0: `model-versions/*`. A transition to Production meets the registry's
 * promotion gate: the model's stored policy against the version's latest recorded evaluation;
 * refused with MLflow's INVALID_STATE and every failed check in the message.
 */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowModelVersionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('model-versions/create')
  @HttpCode(200)
  async create(@Body() body: unknown) {
    return res.modelVersion(await this.services.call<ModelVersionResponse>(S.create, req.createModelVersion(body)));
  }

  @Get('model-versions/get')
  async get(@Query() query: unknown) {
    return res.modelVersion(await this.services.call<ModelVersionResponse>(S.get, req.modelVersion(query)));
  }

  @Get('model-versions/search')
  async search(@Query() query: unknown) {
    // Without max_results MLflow's server answers up to 200,000 versions (service.proto's default).
    const gathered = await gatherPages(
      req.searchModelVersions(query),
      REGISTRY_LIMITS.maxSearchModelVersionsResults,
      (request) => this.services.call<SearchModelVersionsResponse>(S.search, request),
      (answer) => answer.model_versions,
    );
    return res.searchModelVersions({ model_versions: gathered.items, next_page_token: gathered.next_page_token });
  }

  @Patch('model-versions/update')
  async update(@Body() body: unknown) {
    return res.modelVersion(await this.services.call<ModelVersionResponse>(S.update, req.updateModelVersion(body)));
  }

  @Delete('model-versions/delete')
  async delete(@Body() body: unknown, @Query() query: unknown) {
    await this.services.call(S.delete, req.modelVersion(deleteFields(body, query)));
    return res.empty();
  }

  @Post('model-versions/transition-stage')
  @HttpCode(200)
  async transitionStage(@Body() body: unknown) {
    return res.modelVersion(
      await this.services.call<ModelVersionResponse>(S.transitionStage, req.transitionStage(body)),
    );
  }

  @Post('model-versions/set-tag')
  @HttpCode(200)
  async setTag(@Body() body: unknown) {
    await this.services.call(S.setTag, req.setModelVersionTag(body));
    return res.empty();
  }

  @Delete('model-versions/delete-tag')
  async deleteTag(@Body() body: unknown, @Query() query: unknown) {
    await this.services.call(S.deleteTag, req.deleteModelVersionTag(deleteFields(body, query)));
    return res.empty();
  }

  @Get('model-versions/get-download-uri')
  async downloadUri(@Query() query: unknown) {
    return res.downloadUri(await this.services.call<ModelVersionResponse>(S.get, req.modelVersion(query)));
  }
}
