import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  PredictionRowDto,
  SUBJECTS,
  type ExportPredictionsResponse,
  type ListPredictionsResponse,
  type LogPredictionsResponse,
} from '@llmops/contract';
import { schemaOf } from '../../app/openapi-schema';
import { ServiceClient } from '../../services/service-client';
import { payload, queryPayload } from '../request-payload';

const S = SUBJECTS.tracking.predictions;

/** The queries an LLM run answered, with their results: the run's predictions table. */
@ApiTags('predictions')
@Controller('api/v1/runs/:runId/predictions')
export class PredictionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({ summary: 'Append prediction rows (inputs, outputs, latency, extra columns)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['rows'],
      properties: { rows: { type: 'array', items: schemaOf(PredictionRowDto) } },
    },
  })
  log(@Param('runId') runId: string, @Body() body: unknown) {
    return this.services.call<LogPredictionsResponse>(S.log, payload(body, { run_id: runId }));
  }

  @Get()
  @ApiOperation({ summary: 'List logged predictions in logging order, a page at a time' })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  @ApiQuery({ name: 'page_token', required: false })
  list(@Param('runId') runId: string, @Query() query: Record<string, unknown>) {
    return this.services.call<ListPredictionsResponse>(S.list, { ...queryPayload(query), run_id: runId });
  }

  @Post('export')
  @HttpCode(200)
  @ApiOperation({ summary: "Write the predictions as JSONL into the run's artifacts" })
  export(@Param('runId') runId: string) {
    return this.services.call<ExportPredictionsResponse>(S.export, { run_id: runId });
  }
}
