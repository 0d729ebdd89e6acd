import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FinalizeLoggedModelRequest, SUBJECTS, type LoggedModelResponse } from '@llmops/contract';
import { schemaOf } from '../../app/openapi-schema';
import { ServiceClient } from '../../services/service-client';
import { payload } from '../request-payload';

const S = SUBJECTS.tracking.loggedModels;

/** The body of `POST /api/v1/runs/{runId}/logged-models`. */
interface RecordLoggedModelBody {
  name?: unknown;
  artifact_path?: unknown;
  model_type?: unknown;
  params?: unknown;
  tags?: unknown;
}

/**
 * MLflow 3 logged models on the platform's REST API: a package logged in a run (e.g. by the
 * walkthrough) is recorded as a logged model of that run, so MLflow 3 clients find it; the MLflow
 * REST API (`/api/2.0/mlflow/logged-models`) has the rest.
 */
@ApiTags('logged-models')
@Controller('api/v1')
export class LoggedModelsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('runs/:runId/logged-models')
  @ApiOperation({
    summary: "Record a package in the run's artifacts (`artifact_path`) as an MLflow 3 logged model (PENDING)",
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['artifact_path'],
      properties: {
        name: { type: 'string' },
        artifact_path: { type: 'string' },
        model_type: { type: 'string' },
        params: { type: 'array', items: { type: 'object' } },
        tags: { type: 'array', items: { type: 'object' } },
      },
    },
  })
  record(@Param('runId') runId: string, @Body() body: unknown) {
    const b = payload(body) as RecordLoggedModelBody;
    return this.services.call<LoggedModelResponse>(
      S.create,
      payload(
        { name: b.name, model_type: b.model_type, params: b.params, tags: b.tags, run_artifact_path: b.artifact_path },
        { source_run_id: runId },
      ),
    );
  }

  @Get('logged-models/:modelId')
  @ApiOperation({ summary: 'Get a logged model: info (status, artifact location), params, tags' })
  get(@Param('modelId') modelId: string) {
    return this.services.call<LoggedModelResponse>(S.get, { model_id: modelId });
  }

  @Patch('logged-models/:modelId')
  @ApiOperation({ summary: 'Finalize a logged model: LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED' })
  @ApiBody({ schema: schemaOf(FinalizeLoggedModelRequest, ['model_id']) })
  finalize(@Param('modelId') modelId: string, @Body() body: unknown) {
    return this.services.call<LoggedModelResponse>(S.finalize, payload(body, { model_id: modelId }));
  }
}
