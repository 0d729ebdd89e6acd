import { Controller, INestApplication, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { ResourceNotFoundError, RPC_HEADERS, SUBJECTS } from '@llmops/contract';
import { InProcessBus, rpcHeader, startService } from '@llmops/messaging';
import { RequestLogEntry } from '../observability/request-log';
import { createGatewayApp } from './create-gateway-app';

/** A stand-in tracking service on the in-process bus: records what the gateway sends it. */
const seen: Array<{ subject: string; payload: unknown; correlationId?: string }> = [];
let artifactRoot = '';

@Controller()
class FakeTrackingController {
  @MessagePattern(SUBJECTS.tracking.health)
  health() {
    return { status: 'ok', checks: { database: 'ok' } };
  }

  @MessagePattern(SUBJECTS.tracking.runs.logParam)
  logParam(@Payload() payload: unknown, @Ctx() ctx: unknown) {
    seen.push({
      subject: SUBJECTS.tracking.runs.logParam,
      payload,
      correlationId: rpcHeader(ctx, RPC_HEADERS.correlationId),
    });
    return {};
  }

  @MessagePattern(SUBJECTS.tracking.runs.get)
  getRun(@Payload() payload: { run_id: string }) {
    throw new ResourceNotFoundError(`Run '${payload.run_id}' not found`);
  }

  @MessagePattern(SUBJECTS.tracking.artifacts.resolveRoot)
  resolveRoot(@Payload() payload: { run_id: string }) {
    return {
      run_id: payload.run_id,
      experiment_id: '1',
      artifact_uri: `mlflow-artifacts:/1/${payload.run_id}/artifacts`,
      served_uri: `mlflow-artifacts:/1/${payload.run_id}/artifacts`,
      storage_uri: artifactRoot,
      lifecycle_stage: 'active',
    };
  }
}

@Module({ controllers: [FakeTrackingController] })
class FakeTrackingModule {}

describe('the gateway app (against a fake tracking service)', () => {
  let bus: InProcessBus;
  let tracking: INestMicroservice;
  let app: INestApplication;
  let dir: string;
  const logs: RequestLogEntry[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-gateway-spec-'));
    artifactRoot = pathToFileURL(join(dir, 'run-artifacts')).href;
    bus = new InProcessBus();
    tracking = await startService(
      FakeTrackingModule,
      { kind: 'in-process', bus },
      { queue: 'tracking', logger: false },
    );
    app = await createGatewayApp(
      { BODY_LIMIT: '2kb', ARTIFACT_UPLOAD_LIMIT_BYTES: 1000, READINESS_SERVICES: 'tracking' },
      { kind: 'in-process', bus },
      { logger: false, requestLog: (e) => logs.push(e) },
    );
  });

  afterAll(async () => {
    await app.close();
    await tracking.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes the caller correlation id to the service, and returns it', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/2.0/mlflow/runs/log-parameter')
      .set('x-correlation-id', 'spec-corr-1')
      .set('authorization', 'Bearer secret-token')
      .send({ run_id: 'r1', run_uuid: 'r1', key: 'k', value: 'v' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(res.headers['x-correlation-id']).toBe('spec-corr-1');
    expect(seen.at(-1)).toEqual({
      subject: SUBJECTS.tracking.runs.logParam,
      payload: { run_id: 'r1', key: 'k', value: 'v' },
      correlationId: 'spec-corr-1',
    });
    const line = logs.find((l) => l.correlation_id === 'spec-corr-1');
    expect(line).toMatchObject({
      method: 'POST',
      path: '/api/2.0/mlflow/runs/log-parameter',
      route: '/api/2.0/mlflow/runs/log-parameter',
      status: 200,
    });
    expect(JSON.stringify(logs)).not.toMatch(/secret-token/);
  });

  it("maps a service's named error to its status", async () => {
    const res = await request(app.getHttpServer()).get('/api/2.0/mlflow/runs/get?run_id=nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Run 'nope' not found" });
  });

  it('answers 503 TEMPORARILY_UNAVAILABLE at once for a subject nobody serves', async () => {
    const res = await request(app.getHttpServer()).post('/api/2.0/mlflow/runs/log-batch').send({ run_id: 'r1' });
    expect(res.status).toBe(503);
    expect(res.body.error_code).toBe('TEMPORARILY_UNAVAILABLE');
  });

  it('refuses bodies over the configured limit', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/2.0/mlflow/runs/log-parameter')
      .send({ run_id: 'r1', key: 'k', value: 'x'.repeat(4000) });
    expect(res.status).toBe(413);
    expect(res.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('streams an artifact up and down, and refuses one over the upload limit', async () => {
    const up = await request(app.getHttpServer())
      .put('/api/v1/runs/r1/artifacts/dir/a.bin')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from('hello'));
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ path: 'dir/a.bin', file_size: 5 });
    expect(readFileSync(join(dir, 'run-artifacts', 'dir', 'a.bin'), 'utf8')).toBe('hello');
    const down = await request(app.getHttpServer()).get('/api/v1/runs/r1/artifacts/dir/a.bin').buffer(true);
    expect(down.status).toBe(200);
    expect(Buffer.from(down.body).toString()).toBe('hello');
    const big = await request(app.getHttpServer())
      .put('/api/v1/runs/r1/artifacts/big.bin')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(1001));
    expect(big.status).toBe(413);
  });

  it('is ready when the bus and tracking answer', async () => {
    const res = await request(app.getHttpServer()).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { bus: { status: 'ok' }, tracking: { status: 'ok' } } });
  });

  it('counts requests by route pattern and errors by code on /metrics', async () => {
    const res = await request(app.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /llmops_http_requests_total\{method="GET",route="\/api\/2\.0\/mlflow\/runs\/get",status="404"\} 1/,
    );
    expect(res.text).toMatch(
      /llmops_http_errors_total\{method="GET",route="\/api\/2\.0\/mlflow\/runs\/get",error_code="RESOURCE_DOES_NOT_EXIST"\} 1/,
    );
    expect(res.text).toMatch(/llmops_http_request_duration_seconds_bucket/);
  });

  it('serves the Swagger UI at /docs', async () => {
    const res = await request(app.getHttpServer()).get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('documents the platform API (and only it) in OpenAPI', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/experiments', '/api/v1/runs/{runId}/batch']));
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
    const batch = res.body.paths['/api/v1/runs/{runId}/batch'].post.requestBody.content['application/json'].schema;
    expect(batch.properties.metrics.items.properties.value).toBeDefined();
  });
});
