import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUBJECTS, TableEntryView, TableView } from '@llmops/contract';
import { ServiceClient } from '../services/service-client';
import { wildcardPath } from '../tracking/artifacts/artifacts.controller';
import { queryPayload } from '../tracking/request-payload';

/** The Delta tables batch jobs write, by name relative to the table roots (`news_summaries`). */
@ApiTags('batch')
@Controller('api/v1/tables')
export class TablesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Tables you may read (?limit=)' })
  list(@Query() query: Record<string, unknown>) {
    const request = queryPayload(query);
    if (typeof request.limit === 'string' && /^[0-9]+$/.test(request.limit)) request.limit = Number(request.limit);
    return this.services.call<{ tables: TableEntryView[] }>(SUBJECTS.batch.tables.list, request);
  }

  @Get('*name')
  @ApiOperation({ summary: 'A table: location, latest version, schema, files and rows (READ)' })
  get(@Param('name') raw: string | string[]) {
    return this.services.call<{ table: TableView }>(SUBJECTS.batch.tables.get, { name: wildcardPath(raw) });
  }
}
