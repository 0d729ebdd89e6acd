import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SUBJECTS } from '@llmops/contract';
import type { CreateExperimentResponse, GetExperimentResponse, SearchExperimentsResponse } from '@llmops/contract';
import { ServiceClient } from '../services/service-client';
import { mlflowRequest, mlflowResponse } from './mlflow.mappers';
import { MLFLOW_PREFIXES } from './mlflow-routes';

const S = SUBJECTS.tracking.experiments;

/** MLflow REST API 2.0: `experiments/*` (every POST answers 200, as MLflow). */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowExperimentsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('experiments/create')
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const answer = await this.services.call<CreateExperimentResponse>(S.create, mlflowRequest.createExperiment(body));
    return { experiment_id: answer.experiment_id };
  }

  @Get('experiments/get')
  async get(@Query() query: unknown) {
    return mlflowResponse.experiment(
      await this.services.call<GetExperimentResponse>(S.get, mlflowRequest.experimentId(query)),
    );
  }

  @Get('experiments/get-by-name')
  async getByName(@Query() query: unknown) {
    return mlflowResponse.experiment(
      await this.services.call<GetExperimentResponse>(S.getByName, mlflowRequest.experimentName(query)),
    );
  }

  @Post('experiments/search')
  @HttpCode(200)
  async search(@Body() body: unknown) {
    return this.doSearch(body);
  }

  @Get('experiments/search')
  async searchByQuery(@Query() query: unknown) {
    return this.doSearch(query);
  }

  @Post('experiments/update')
  @HttpCode(200)
  async update(@Body() body: unknown) {
    await this.services.call(S.update, mlflowRequest.updateExperiment(body));
    return mlflowResponse.empty();
  }

  @Post('experiments/delete')
  @HttpCode(200)
  async delete(@Body() body: unknown) {
    await this.services.call(S.delete, mlflowRequest.experimentId(body));
    return mlflowResponse.empty();
  }

  @Post('experiments/restore')
  @HttpCode(200)
  async restore(@Body() body: unknown) {
    await this.services.call(S.restore, mlflowRequest.experimentId(body));
    return mlflowResponse.empty();
  }

  @Post('experiments/set-experiment-tag')
  @HttpCode(200)
  async setTag(@Body() body: unknown) {
    await this.services.call(S.setTag, mlflowRequest.setExperimentTag(body));
    return mlflowResponse.empty();
  }

  @Post('experiments/delete-experiment-tag')
  @HttpCode(200)
  async deleteTag(@Body() body: unknown) {
    await this.services.call(S.deleteTag, mlflowRequest.deleteExperimentTag(body));
    return mlflowResponse.empty();
  }

  private async doSearch(fields: unknown) {
    return mlflowResponse.searchExperiments(
      await this.services.call<SearchExperimentsResponse>(S.search, mlflowRequest.searchExperiments(fields)),
    );
  }
}
