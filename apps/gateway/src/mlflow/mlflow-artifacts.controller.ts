import { Controller, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { safeArtifactPath } from '@llmops/artifacts';
import { InvalidParameterError } from '@llmops/contract';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { RunArtifactsService } from '../tracking/artifacts/run-artifacts.service';
import { wildcardPath } from '../tracking/artifacts/artifacts.controller';

/** A proxied artifact path: `<experiment_id>/<run_id>/artifacts[/<path in the run>]`, MLflow's layout. */
export interface ProxiedPath {
  experimentId: string;
  runId: string;
  path: string;
}

export function parseProxiedPath(raw: string): ProxiedPath {
  const safe = safeArtifactPath(raw);
  const [experimentId, runId, artifacts, ...rest] = safe.split('/');
  if (!experimentId || !runId || artifacts !== 'artifacts') {
    throw new InvalidParameterError(
      `Artifact path ${JSON.stringify(raw)} is not <experiment_id>/<run_id>/artifacts/<path>; only run artifacts are served`,
    );
  }
  return { experimentId, runId, path: rest.join('/') };
}

/**
 * MLflow's artifact proxy (`mlflow server --serve-artifacts`): clients given `mlflow-artifacts:/`
 * URIs upload, download and list through the server. Each path names a run; its bytes go to that
 * run's artifact store, as the platform's own artifact routes do.
 */
@ApiExcludeController()
@Controller(['api/2.0/mlflow-artifacts/artifacts', 'ajax-api/2.0/mlflow-artifacts/artifacts'])
export class MlflowArtifactsController {
  constructor(private readonly artifacts: RunArtifactsService) {}

  @Get()
  async list(@Query('path') raw?: string) {
    const target = parseProxiedPath(typeof raw === 'string' ? raw : '');
    const { files } = await this.artifacts.list(await this.checkedRunId(target), target.path);
    // MLflow's proxy lists names relative to the listed directory.
    return { files: files.map((f) => ({ ...f, path: f.path.split('/').pop() ?? f.path })) };
  }

  @Get('*path')
  async download(@Param('path') raw: string | string[], @Res() res: Response) {
    const target = parseProxiedPath(wildcardPath(raw));
    const file = await this.artifacts.download(await this.checkedRunId(target), target.path);
    res.status(200).setHeader('content-type', 'application/octet-stream');
    await pipeline(file.stream, res);
  }

  @Put('*path')
  @HttpCode(200)
  async upload(@Param('path') raw: string | string[], @Req() req: Request) {
    const target = parseProxiedPath(wildcardPath(raw));
    const length = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    await this.artifacts.upload(await this.checkedRunId(target), target.path, req, length);
    return {};
  }

  /** The run must belong to the experiment the path names, so a path cannot alias another run's files. */
  private async checkedRunId(target: ProxiedPath): Promise<string> {
    const root = await this.artifacts.rootOf(target.runId);
    if (root.experiment_id !== target.experimentId) {
      throw new InvalidParameterError(`Run '${target.runId}' is not in experiment '${target.experimentId}'`);
    }
    return target.runId;
  }
}
