import { Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { BatchDatasetView, SUBJECTS } from '@llmops/contract';
import type { Request, Response } from 'express';
import { ServiceClient } from '../services/service-client';
import { wildcardPath } from '../tracking/artifacts/artifacts.controller';
import { queryPayload } from '../tracking/request-payload';
import { DatasetUploads } from './dataset-uploads';

/**
 * Datasets for batch jobs, by name relative to the dataset roots (`news/prod.jsonl`). Remote users
 * put data on the server only this way: an upload is a resource its uploader manages.
 */
@ApiTags('batch')
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly uploads: DatasetUploads,
  ) {}

  @Put('*name')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Upload a dataset (raw body; Content-Type application/x-ndjson, text/csv, application/vnd.apache.parquet, ' +
      'or application/octet-stream for the format of the name). 201 when created, 200 when the same bytes are already there.',
  })
  async upload(@Param('name') raw: string | string[], @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    const answer = await this.uploads.upload({
      name: wildcardPath(raw),
      contentType: req.headers['content-type'],
      declaredLength: length,
      body: req,
    });
    if (!answer.created) res.status(200);
    return answer;
  }

  @Get()
  @ApiOperation({ summary: 'Uploaded datasets you may read (?prefix=&limit=)' })
  list(@Query() query: Record<string, unknown>) {
    const request = queryPayload(query);
    if (typeof request.limit === 'string' && /^[0-9]+$/.test(request.limit)) request.limit = Number(request.limit);
    return this.services.call<{ datasets: BatchDatasetView[] }>(SUBJECTS.batch.datasets.list, request);
  }

  @Get('*name')
  @ApiOperation({ summary: 'A dataset: format, size, sha256, rows, columns, who uploaded it' })
  get(@Param('name') raw: string | string[]) {
    return this.services.call<{ dataset: BatchDatasetView }>(SUBJECTS.batch.datasets.get, { name: wildcardPath(raw) });
  }

  @Delete('*name')
  @ApiOperation({ summary: 'Delete a dataset (MANAGE; refused while a running job reads it)' })
  delete(@Param('name') raw: string | string[]) {
    return this.services.call<Record<string, never>>(SUBJECTS.batch.datasets.delete, { name: wildcardPath(raw) });
  }
}
