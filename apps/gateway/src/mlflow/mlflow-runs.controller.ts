import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { safeArtifactPath } from '@llmops/artifacts';
import { SUBJECTS, TRACKING_LIMITS } from '@llmops/contract';
import type {
  GetMetricHistoryResponse,
  ListArtifactsResponse,
  RunResponse,
  SearchRunsResponse,
  UpdateRunResponse,
} from '@llmops/contract';
import { ServiceClient } from '../services/service-client';
import { appendLoggedModel, LOGGED_MODELS_TAG, mlflowRequest, mlflowResponse } from './mlflow.mappers';
import { gatherPages } from './mlflow-pages';
import { MLFLOW_PREFIXES } from './mlflow-routes';

const S = SUBJECTS.tracking;

/** MLflow REST API 2.0: `runs/*`, `metrics/get-history`, `artifacts/list`. */
@ApiExcludeController()
@Controller(MLFLOW_PREFIXES)
export class MlflowRunsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('runs/create')
  @HttpCode(200)
  async create(@Body() body: unknown) {
    return mlflowResponse.run(await this.services.call<RunResponse>(S.runs.create, mlflowRequest.createRun(body)));
  }

  @Get('runs/get')
  async get(@Query() query: unknown) {
    return mlflowResponse.run(await this.services.call<RunResponse>(S.runs.get, mlflowRequest.runId(query)));
  }

  @Post('runs/update')
  @HttpCode(200)
  async update(@Body() body: unknown) {
    return mlflowResponse.updateRun(
      await this.services.call<UpdateRunResponse>(S.runs.update, mlflowRequest.updateRun(body)),
    );
  }

  @Post('runs/delete')
  @HttpCode(200)
  async delete(@Body() body: unknown) {
    await this.services.call(S.runs.delete, mlflowRequest.runId(body));
    return mlflowResponse.empty();
  }

  @Post('runs/restore')
  @HttpCode(200)
  async restore(@Body() body: unknown) {
    await this.services.call(S.runs.restore, mlflowRequest.runId(body));
    return mlflowResponse.empty();
  }

  @Post('runs/search')
  @HttpCode(200)
  async search(@Body() body: unknown) {
    const gathered = await gatherPages(
      mlflowRequest.searchRuns(body),
      TRACKING_LIMITS.defaultResultsSearchRuns,
      (request) => this.services.call<SearchRunsResponse>(S.runs.search, request),
      (answer) => answer.runs,
    );
    return mlflowResponse.searchRuns({ runs: gathered.items, next_page_token: gathered.next_page_token });
  }

  @Post('runs/log-parameter')
  @HttpCode(200)
  async logParam(@Body() body: unknown) {
    await this.services.call(S.runs.logParam, mlflowRequest.logParam(body));
    return mlflowResponse.empty();
  }

  @Post('runs/log-metric')
  @HttpCode(200)
  async logMetric(@Body() body: unknown) {
    await this.services.call(S.runs.logMetric, mlflowRequest.logMetric(body));
    return mlflowResponse.empty();
  }

  @Post('runs/log-batch')
  @HttpCode(200)
  async logBatch(@Body() body: unknown) {
    await this.services.call(S.runs.logBatch, mlflowRequest.logBatch(body));
    return mlflowResponse.empty();
  }

  @Post('runs/set-tag')
  @HttpCode(200)
  async setTag(@Body() body: unknown) {
    await this.services.call(S.runs.setTag, mlflowRequest.setRunTag(body));
    return mlflowResponse.empty();
  }

  @Post('runs/delete-tag')
  @HttpCode(200)
  async deleteTag(@Body() body: unknown) {
    await this.services.call(S.runs.deleteTag, mlflowRequest.deleteRunTag(body));
    return mlflowResponse.empty();
  }

  @Post('runs/log-inputs')
  @HttpCode(200)
  async logInputs(@Body() body: unknown) {
    await this.services.call(S.runs.logInputs, mlflowRequest.logInputs(body));
    return mlflowResponse.empty();
  }

  /** MLflow records logged models in a run tag; done here with get + set-tag, as MLflow's stores do. */
  @Post('runs/log-model')
  @HttpCode(200)
  async logModel(@Body() body: unknown) {
    const { run_id, model } = mlflowRequest.logModel(body);
    const { run } = await this.services.call<RunResponse>(S.runs.get, { run_id });
    const previous = run.data.tags.find((t) => t.key === LOGGED_MODELS_TAG)?.value;
    await this.services.call(S.runs.setTag, {
      run_id: run.info.run_id,
      key: LOGGED_MODELS_TAG,
      value: appendLoggedModel(previous, model),
    });
    return mlflowResponse.empty();
  }

  @Get('metrics/get-history')
  async metricHistory(@Query() query: unknown) {
    return mlflowResponse.metricHistory(
      await this.services.call<GetMetricHistoryResponse>(S.metrics.getHistory, mlflowRequest.metricHistory(query)),
    );
  }

  @Get('artifacts/list')
  async listArtifacts(@Query() query: unknown) {
    // Refused here too (not only by the service): a path never leaves the gateway unchecked.
    safeArtifactPath(mlflowRequest.listArtifacts(query).path);
    return mlflowResponse.listArtifacts(
      await this.services.call<ListArtifactsResponse>(S.artifacts.list, mlflowRequest.listArtifacts(query)),
    );
  }
}
