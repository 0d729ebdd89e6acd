import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { safeArtifactPath, servedArtifactPath } from '@llmops/artifacts';
import { InvalidParameterError } from '@llmops/contract';
import { LocatedArtifacts, ServedArtifactsService } from '../artifacts/served-artifacts.service';
import { wildcardPath } from '../tracking/artifacts/artifacts.controller';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { fieldsOf } from './mlflow-json';
import { MLFLOW_ARTIFACTS_PREFIXES } from './mlflow-routes';

/** The header carrying a multipart upload's part token (handed out in the create answer). */
export const PART_TOKEN_HEADER = 'x-mlflow-upload-part-token';

/** The file name of the client's local path (all MLflow's client sends of it is that path). */
export function fileNameOf(localPath: unknown): string {
  if (typeof localPath !== 'string' || localPath === '') {
    throw new InvalidParameterError("Missing value for required parameter 'path' (the file being uploaded)");
  }
  const name = localPath.split(/[\\/]/).pop() ?? '';
  if (name === '' || name === '.' || name === '..') {
    throw new InvalidParameterError(`Parameter 'path' ${JSON.stringify(localPath)} names no file`);
  }
  return safeArtifactPath(name, 'file name');
}

/**
 * MLflow's multipart upload through the proxy (`MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true`, files of
 * at least `MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE`): create answers one part URL per part, back
 * to this gateway (`mpu/upload-part/<upload_id>/<part_number>/<path>`); the client PUTs each part there (in parallel, without credentials, as it would to
 * a cloud store's presigned URLs, so each URL is authorised by the upload's part token, sent as a
 * header); complete joins the parts into the file, abort drops them. Create, complete and abort are
 * the caller's (EDIT on the experiment and the owner the path names).
 */
@ApiExcludeController()
@Controller(MLFLOW_ARTIFACTS_PREFIXES.map((p) => `${p}/mpu`))
export class MlflowMultipartController {
  constructor(
    private readonly artifacts: ServedArtifactsService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('create/*path')
  @HttpCode(200)
  async create(@Param('path') raw: string | string[], @Body() body: unknown, @Headers('host') host?: string) {
    const f = fieldsOf(body);
    const numParts = Number(f.num_parts ?? 1);
    const { at, target } = await this.target(raw, f.path);
    this.artifacts.assertWritable(at);
    const upload = await this.artifacts.multipart.create(this.artifacts.staging(at), target, numParts);
    const served = [servedArtifactPath(at.located.root_served_uri) ?? '', target].filter((p) => p !== '').join('/');
    // Back to this gateway (MLflow's client PUTs each part to the URL as given), at the address the
    // client reached it by, unless PUBLIC_URL says where it is (behind a TLS-terminating proxy).
    const base = this.config.PUBLIC_URL ? this.config.PUBLIC_URL.replace(/\/+$/, '') : `http://${host ?? 'localhost'}`;
    const encoded = served.split('/').map(encodeURIComponent).join('/');
    const partUrl = (part: number) =>
      `${base}/api/2.0/mlflow-artifacts/mpu/upload-part/${upload.uploadId}/${part}/${encoded}`;
    return {
      upload_id: upload.uploadId,
      credentials: Array.from({ length: upload.numParts }, (_, i) => ({
        url: partUrl(i + 1),
        part_number: i + 1,
        headers: { [PART_TOKEN_HEADER]: upload.partToken },
      })),
    };
  }

  /** A part, streamed to the upload's staging (the URL names the upload, the part and the file). */
  @Put('upload-part/:uploadId/:partNumber/*path')
  @HttpCode(200)
  async uploadPart(
    @Param('uploadId') uploadId: string,
    @Param('partNumber') partNumber: string,
    @Param('path') raw: string | string[],
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const at = await this.artifacts.locate(wildcardPath(raw));
    const token = req.headers[PART_TOKEN_HEADER];
    const part = await this.artifacts.multipart.writePart(
      this.artifacts.staging(at),
      uploadId,
      /^\d{1,5}$/.test(partNumber) ? Number(partNumber) : NaN,
      typeof token === 'string' ? token : undefined,
      req,
    );
    res.setHeader('ETag', part.etag);
    return {};
  }

  @Post('complete/*path')
  @HttpCode(200)
  async complete(@Param('path') raw: string | string[], @Body() body: unknown) {
    const f = fieldsOf(body);
    const { at, target } = await this.target(raw, f.path);
    this.artifacts.assertWritable(at);
    if (!Array.isArray(f.parts)) throw new InvalidParameterError("Missing value for required parameter 'parts'");
    const parts = f.parts.map((p) => fieldsOf(p) as { part_number: unknown; etag?: unknown });
    await this.artifacts.multipart.complete(
      this.artifacts.staging(at),
      at.repository,
      target,
      String(f.upload_id ?? ''),
      parts,
    );
    return {};
  }

  @Post('abort/*path')
  @HttpCode(200)
  async abort(@Param('path') raw: string | string[], @Body() body: unknown) {
    const f = fieldsOf(body);
    const { at, target } = await this.target(raw, f.path);
    await this.artifacts.multipart.abort(this.artifacts.staging(at), target, String(f.upload_id ?? ''));
    return {};
  }

  /** The directory the URL names, and the file (the local file's name) below the owner's root. */
  private async target(raw: string | string[], localPath: unknown): Promise<{ at: LocatedArtifacts; target: string }> {
    const name = fileNameOf(localPath);
    const at = await this.artifacts.locate(wildcardPath(raw));
    return { at, target: safeArtifactPath([at.path, name].filter((p) => p !== '').join('/')) };
  }
}
