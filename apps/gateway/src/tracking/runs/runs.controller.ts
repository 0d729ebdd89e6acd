import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CreateRunRequest,
  DatasetInputDto,
  LogBatchRequest,
  MetricDto,
  ParamDto,
  SearchRunsRequest,
  SUBJECTS,
  UpdateRunRequest,
  type GetMetricHistoryResponse,
  type RunResponse,
  type SearchRunsResponse,
  type UpdateRunResponse,
} from '@llmops/contract';
import { schemaOf } from '../../app/openapi-schema';
import { ServiceClient } from '../../services/service-client';
import { payload, queryPayload } from '../request-payload';

const S = SUBJECTS.tracking;

@ApiTags('runs')
@Controller('api/v1/runs')
export class RunsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({ summary: 'Start a run in an experiment' })
  @ApiBody({ schema: schemaOf(CreateRunRequest) })
  create(@Body() body: unknown) {
    return this.services.call<RunResponse>(S.runs.create, payload(body));
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: "Search runs of experiments (e.g. filter `metrics.rouge1 > 0.3 and params.model = 't5'`)" })
  @ApiBody({ schema: schemaOf(SearchRunsRequest) })
  search(@Body() body: unknown) {
    return this.services.call<SearchRunsResponse>(S.runs.search, payload(body));
  }

  @Get(':runId')
  @ApiOperation({ summary: 'Get a run: info, params, metrics (latest), tags, dataset inputs' })
  get(@Param('runId') runId: string) {
    return this.services.call<RunResponse>(S.runs.get, { run_id: runId });
  }

  @Patch(':runId')
  @ApiOperation({ summary: 'Update status, end time or name (e.g. mark FINISHED)' })
  @ApiBody({ schema: schemaOf(UpdateRunRequest, ['run_id']) })
  update(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call<UpdateRunResponse>(S.runs.update, payload(body, { run_id: runId }));
  }

  @Delete(':runId')
  @ApiOperation({ summary: 'Delete a run (restorable)' })
  delete(@Param('runId') runId: string) {
    return this.services.call(S.runs.delete, { run_id: runId });
  }

  @Post(':runId/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a deleted run' })
  restore(@Param('runId') runId: string) {
    return this.services.call(S.runs.restore, { run_id: runId });
  }

  @Post(':runId/params')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log a parameter (immutable once logged)' })
  @ApiBody({ schema: schemaOf(ParamDto) })
  logParam(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call(S.runs.logParam, payload(body, { run_id: runId }));
  }

  @Post(':runId/metrics')
  @HttpCode(200)
  @ApiOperation({ summary: "Log a metric value ('NaN', 'Infinity', '-Infinity' allowed)" })
  @ApiBody({ schema: schemaOf(MetricDto) })
  logMetric(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call(S.runs.logMetric, payload(body, { run_id: runId }));
  }

  @Post(':runId/batch')
  @HttpCode(200)
  @ApiOperation({ summary: "Log metrics, params and tags at once (MLflow's log-batch limits)" })
  @ApiBody({ schema: schemaOf(LogBatchRequest, ['run_id']) })
  logBatch(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call(S.runs.logBatch, payload(body, { run_id: runId }));
  }

  @Put(':runId/tags/:key')
  @ApiOperation({ summary: 'Set a run tag' })
  @ApiBody({ schema: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } } })
  setTag(@Param('runId') runId: string, @Param('key') key: string, @Body() body: unknown) {
    return this.services.call(S.runs.setTag, payload(body, { run_id: runId, key }));
  }

  @Delete(':runId/tags/:key')
  @ApiOperation({ summary: 'Delete a run tag' })
  deleteTag(@Param('runId') runId: string, @Param('key') key: string) {
    return this.services.call(S.runs.deleteTag, { run_id: runId, key });
  }

  @Post(':runId/datasets')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the datasets a run used (MLflow log-inputs)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['datasets'],
      properties: { datasets: { type: 'array', items: schemaOf(DatasetInputDto) } },
    },
  })
  logInputs(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call(S.runs.logInputs, payload(body, { run_id: runId }));
  }

  @Get(':runId/metrics/:key/history')
  @ApiOperation({ summary: 'Every value logged for a metric, by step' })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  @ApiQuery({ name: 'page_token', required: false })
  metricHistory(@Param('runId') runId: string, @Param('key') key: string, @Query() query: Record<string, unknown>) {
    return this.services.call<GetMetricHistoryResponse>(S.metrics.getHistory, {
      ...queryPayload(query),
      run_id: runId,
      metric_key: key,
    });
  }
}
