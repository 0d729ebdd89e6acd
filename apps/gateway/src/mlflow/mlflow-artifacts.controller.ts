import { Controller, Delete, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ServedArtifactsService } from '../artifacts/served-artifacts.service';
import { wildcardPath } from '../tracking/artifacts/artifacts.controller';
import { MLFLOW_ARTIFACTS_PREFIXES } from './mlflow-routes';

/** A request's declared body length, when it declared one. */
export function declaredLength(req: Request): number | undefined {
  return req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
}

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`, MLflow's default): clients given
 * `mlflow-artifacts:/` locations list, download, upload and delete through the server. A path is
 * `<experiment_id>/<run_id>/artifacts/<path>` or `<experiment_id>/models/<model_id>/artifacts/<path>`
 * (MLflow's layout); tracking resolves it to the owner's storage, and the bytes stream between HTTP
 * and the store.
 */
@ApiExcludeController()
@Controller(MLFLOW_ARTIFACTS_PREFIXES.map((p) => `${p}/artifacts`))
export class MlflowArtifactsController {
  constructor(private readonly artifacts: ServedArtifactsService) {}

  @Get()
  async list(@Query('path') raw?: string) {
    return { files: await this.artifacts.list(typeof raw === 'string' ? raw : '') };
  }

  @Get('*path')
  async download(@Param('path') raw: string | string[], @Res() res: Response) {
    const file = await this.artifacts.download(wildcardPath(raw));
    res.status(200).setHeader('content-type', 'application/octet-stream');
    res.setHeader(
      'content-disposition',
      `attachment; filename="${encodeURIComponent(file.path.split('/').pop() ?? 'artifact')}"`,
    );
    await pipeline(file.stream, res);
  }

  @Put('*path')
  @HttpCode(200)
  async upload(@Param('path') raw: string | string[], @Req() req: Request) {
    await this.artifacts.upload(wildcardPath(raw), req, declaredLength(req));
    return {};
  }

  @Delete('*path')
  @HttpCode(200)
  async delete(@Param('path') raw: string | string[]) {
    await this.artifacts.delete(wildcardPath(raw));
    return {};
  }
}
