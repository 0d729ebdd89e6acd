import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { safeArtifactPath } from '@llmops/artifacts';
import { SUBJECTS } from '@llmops/contract';
import type {
  ListLoggedModelArtifactsResponse,
  LoggedModelResponse,
  SearchLoggedModelsResponse,
} from '@llmops/contract';
import { ServiceClient } from '../services/service-client';
import { fieldsOf, unlessEmpty } from './mlflow-json';
import { mlflowLoggedModelRequest as req, mlflowLoggedModelResponse as res } from './mlflow-logged-models.mappers';
import { MLFLOW_PREFIXES } from './mlflow-routes';

const S = SUBJECTS.tracking.loggedModels;

/** MLflow 3's logged models (`/mlflow/logged-models...`) and LogOutputs (`/mlflow/runs/outputs`). */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowLoggedModelsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('logged-models')
  @HttpCode(200)
  create(@Body() body: unknown) {
    return this.services.call<LoggedModelResponse>(S.create, req.create(body));
  }

  @Post('logged-models/search')
  @HttpCode(200)
  async search(@Body() body: unknown) {
    return res.search(await this.services.call<SearchLoggedModelsResponse>(S.search, req.search(body)));
  }

  @Get('logged-models/:modelId')
  get(@Param('modelId') modelId: string) {
    return this.services.call<LoggedModelResponse>(S.get, { model_id: modelId });
  }

  @Patch('logged-models/:modelId')
  finalize(@Param('modelId') modelId: string, @Body() body: unknown) {
    return this.services.call<LoggedModelResponse>(S.finalize, req.finalize(modelId, body));
  }

  @Delete('logged-models/:modelId')
  async delete(@Param('modelId') modelId: string) {
    await this.services.call(S.delete, { model_id: modelId });
    return {};
  }

  @Patch('logged-models/:modelId/tags')
  setTags(@Param('modelId') modelId: string, @Body() body: unknown) {
    return this.services.call<LoggedModelResponse>(S.setTags, req.setTags(modelId, body));
  }

  @Delete('logged-models/:modelId/tags/:tagKey')
  async deleteTag(@Param('modelId') modelId: string, @Param('tagKey') tagKey: string) {
    await this.services.call(S.deleteTag, { model_id: modelId, tag_key: tagKey });
    return {};
  }

  @Post('logged-models/:modelId/params')
  @HttpCode(200)
  async logParams(@Param('modelId') modelId: string, @Body() body: unknown) {
    await this.services.call(S.logParams, req.logParams(modelId, body));
    return {};
  }

  @Get('logged-models/:modelId/artifacts/directories')
  listArtifacts(@Param('modelId') modelId: string, @Query() query: unknown) {
    const path = unlessEmpty(fieldsOf(query).artifact_directory_path);
    // Refused here too (not only by the service): a path never leaves the gateway unchecked.
    const checked = typeof path === 'string' ? safeArtifactPath(path) : undefined;
    return this.services.call<ListLoggedModelArtifactsResponse>(S.listArtifacts, {
      model_id: modelId,
      ...(checked ? { artifact_directory_path: checked } : {}),
    });
  }

  @Post('runs/outputs')
  @HttpCode(200)
  async logOutputs(@Body() body: unknown) {
    await this.services.call(SUBJECTS.tracking.runs.logOutputs, req.logOutputs(body));
    return {};
  }
}
