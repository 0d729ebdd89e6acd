import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CreateExperimentRequest,
  SearchExperimentsRequest,
  SUBJECTS,
  type CreateExperimentResponse,
  type GetExperimentResponse,
  type SearchExperimentsResponse,
} from '@llmops/contract';
import { schemaOf } from '../../app/openapi-schema';
import { ServiceClient } from '../../services/service-client';
import { payload, queryPayload } from '../request-payload';

const S = SUBJECTS.tracking.experiments;

@ApiTags('experiments')
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({ summary: 'Create an experiment; answers its id' })
  @ApiBody({ schema: schemaOf(CreateExperimentRequest) })
  create(@Body() body: unknown) {
    return this.services.call<CreateExperimentResponse>(S.create, payload(body));
  }

  @Get()
  @ApiOperation({ summary: 'Search experiments (MLflow filter grammar), a page at a time' })
  @ApiQuery({ name: 'filter', required: false, example: "name LIKE 'summ%'" })
  @ApiQuery({ name: 'max_results', required: false, type: Number })
  @ApiQuery({ name: 'page_token', required: false })
  @ApiQuery({ name: 'order_by', required: false, isArray: true, type: String })
  @ApiQuery({ name: 'view_type', required: false, enum: ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] })
  search(@Query() query: Record<string, unknown>) {
    return this.services.call<SearchExperimentsResponse>(S.search, queryPayload(query, ['order_by']));
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({ summary: 'Search experiments with a JSON body' })
  @ApiBody({ schema: schemaOf(SearchExperimentsRequest) })
  searchByBody(@Body() body: unknown) {
    return this.services.call<SearchExperimentsResponse>(S.search, payload(body));
  }

  @Get('by-name/:name')
  @ApiOperation({ summary: 'Get an experiment by name' })
  getByName(@Param('name') name: string) {
    return this.services.call<GetExperimentResponse>(S.getByName, { experiment_name: name });
  }

  @Get(':experimentId')
  @ApiOperation({ summary: 'Get an experiment' })
  get(@Param('experimentId') experimentId: string) {
    return this.services.call<GetExperimentResponse>(S.get, { experiment_id: experimentId });
  }

  @Patch(':experimentId')
  @ApiOperation({ summary: 'Rename an experiment' })
  @ApiBody({ schema: { type: 'object', required: ['new_name'], properties: { new_name: { type: 'string' } } } })
  update(@Param('experimentId') experimentId: string, @Body() body: unknown) {
    return this.services.call(S.update, payload(body, { experiment_id: experimentId }));
  }

  @Delete(':experimentId')
  @ApiOperation({ summary: 'Delete an experiment (restorable)' })
  delete(@Param('experimentId') experimentId: string) {
    return this.services.call(S.delete, { experiment_id: experimentId });
  }

  @Post(':experimentId/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore a deleted experiment' })
  restore(@Param('experimentId') experimentId: string) {
    return this.services.call(S.restore, { experiment_id: experimentId });
  }

  @Put(':experimentId/tags/:key')
  @ApiOperation({ summary: 'Set an experiment tag' })
  @ApiBody({ schema: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } } })
  setTag(@Param('experimentId') experimentId: string, @Param('key') key: string, @Body() body: unknown) {
    return this.services.call(S.setTag, payload(body, { experiment_id: experimentId, key }));
  }

  @Delete(':experimentId/tags/:key')
  @ApiOperation({ summary: 'Delete an experiment tag' })
  deleteTag(@Param('experimentId') experimentId: string, @Param('key') key: string) {
    return this.services.call(S.deleteTag, { experiment_id: experimentId, key });
  }
}
