import { Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { safeArtifactPath } from '@llmops/artifacts';
import { SUBJECTS, type ListArtifactsResponse } from '@llmops/contract';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ServiceClient } from '../../services/service-client';
import { RunArtifactsService } from '../../artifacts/run-artifacts.service';

/** Express 5 gives a `*path` wildcard as its decoded segments. */
export function wildcardPath(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('/') : value;
}

@ApiTags('artifacts')
@Controller('api/v1/runs/:runId/artifacts')
export class ArtifactsController {
  constructor(
    private readonly services: ServiceClient,
    private readonly artifacts: RunArtifactsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "List a directory of the run's artifacts (the root when no path)" })
  @ApiQuery({ name: 'path', required: false })
  list(@Param('runId') runId: string, @Query('path') path?: string) {
    const checked = safeArtifactPath(typeof path === 'string' ? path : undefined);
    return this.services.call<ListArtifactsResponse>(SUBJECTS.tracking.artifacts.list, {
      run_id: runId,
      ...(checked ? { path: checked } : {}),
    });
  }

  @Get('*path')
  @ApiOperation({ summary: 'Download one artifact file (streamed)' })
  async download(@Param('runId') runId: string, @Param('path') path: string | string[], @Res() res: Response) {
    const file = await this.artifacts.download(runId, wildcardPath(path));
    res.status(200);
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader(
      'content-disposition',
      `attachment; filename="${encodeURIComponent(file.path.split('/').pop() ?? 'artifact')}"`,
    );
    await pipeline(file.stream, res);
  }

  @Put('*path')
  @ApiOperation({ summary: 'Upload one artifact file: the raw request body, streamed to the artifact store' })
  upload(@Param('runId') runId: string, @Param('path') path: string | string[], @Req() req: Request) {
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    return this.artifacts.upload(runId, wildcardPath(path), req, length);
  }
}
