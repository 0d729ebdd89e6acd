import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { REGISTRY_LIMITS, SUBJECTS } from '@llmops/contract';
import type {
  ModelVersionResponse,
  ModelVersionsResponse,
  RegisteredModelResponse,
  SearchRegisteredModelsResponse,
} from '@llmops/contract';
import { gatherPages } from '../../mlflow/mlflow-pages';
import { MLFLOW_PREFIXES } from '../../mlflow/mlflow-routes';
import { ServiceClient } from '../../services/service-client';
import { deleteFields, mlflowRegistryRequest as req, mlflowRegistryResponse as res } from './mlflow-registry.mappers';

const S = SUBJECTS.registry;

/** MLflow REST API 2.0: `registered-models/*` (aliases included). */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowRegisteredModelsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('registered-models/create')
  @HttpCode(200)
  async create(@Body() body: unknown) {
    return res.registeredModel(
      await this.services.call<RegisteredModelResponse>(S.models.create, req.createRegisteredModel(body)),
    );
  }

  @Get('registered-models/get')
  async get(@Query() query: unknown) {
    return res.registeredModel(await this.services.call<RegisteredModelResponse>(S.models.get, req.name(query)));
  }

  @Get('registered-models/search')
  async search(@Query() query: unknown) {
    const gathered = await gatherPages(
      req.searchRegisteredModels(query),
      REGISTRY_LIMITS.defaultSearchResults,
      (request) => this.services.call<SearchRegisteredModelsResponse>(S.models.search, request),
      (answer) => answer.registered_models,
    );
    return res.searchRegisteredModels({
      registered_models: gathered.items,
      next_page_token: gathered.next_page_token,
    });
  }

  @Post('registered-models/rename')
  @HttpCode(200)
  async rename(@Body() body: unknown) {
    return res.registeredModel(
      await this.services.call<RegisteredModelResponse>(S.models.rename, req.renameRegisteredModel(body)),
    );
  }

  @Patch('registered-models/update')
  async update(@Body() body: unknown) {
    return res.registeredModel(
      await this.services.call<RegisteredModelResponse>(S.models.update, req.updateRegisteredModel(body)),
    );
  }

  @Delete('registered-models/delete')
  async delete(@Body() body: unknown, @Query() query: unknown) {
    await this.services.call(S.models.delete, req.name(deleteFields(body, query)));
    return res.empty();
  }

  @Post('registered-models/set-tag')
  @HttpCode(200)
  async setTag(@Body() body: unknown) {
    await this.services.call(S.models.setTag, req.setRegisteredModelTag(body));
    return res.empty();
  }

  @Delete('registered-models/delete-tag')
  async deleteTag(@Body() body: unknown, @Query() query: unknown) {
    await this.services.call(S.models.deleteTag, req.deleteRegisteredModelTag(deleteFields(body, query)));
    return res.empty();
  }

  @Post('registered-models/get-latest-versions')
  @HttpCode(200)
  async latestVersions(@Body() body: unknown) {
    return res.modelVersions(
      await this.services.call<ModelVersionsResponse>(S.models.getLatestVersions, req.getLatestVersions(body)),
    );
  }

  // MLflow serves GetLatestVersions on GET too (the UI's ajax-api uses it).
  @Get('registered-models/get-latest-versions')
  async latestVersionsByQuery(@Query() query: unknown) {
    return this.latestVersions(query);
  }

  @Post('registered-models/alias')
  @HttpCode(200)
  async setAlias(@Body() body: unknown) {
    await this.services.call(S.aliases.set, req.setAlias(body));
    return res.empty();
  }

  @Delete('registered-models/alias')
  async deleteAlias(@Body() body: unknown, @Query() query: unknown) {
    await this.services.call(S.aliases.delete, req.alias(deleteFields(body, query)));
    return res.empty();
  }

  @Get('registered-models/alias')
  async getAlias(@Query() query: unknown) {
    return res.modelVersion(await this.services.call<ModelVersionResponse>(S.aliases.get, req.alias(query)));
  }
}
