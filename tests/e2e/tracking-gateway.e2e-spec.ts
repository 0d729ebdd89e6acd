import { INestApplication, INestMicroservice } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '@llmops/config';
import { startService, TransportConfig } from '@llmops/messaging';
import { createGatewayApp } from '@llmops/gateway-app';
import { TrackingConfig, TrackingModule, TRACKING_QUEUE } from '@llmops/tracking-app';
import { EMBEDDED_SERVICES, EmbeddedPlatform, startEmbeddedPlatform } from '@llmops/cli';
import { startPrivateNats } from './support/private-nats';

/**
 * The real gateway in front of the real tracking service, driven with requests shaped exactly as
 * MLflow's Python client (RestStore) sends them, in both ways to run.
 */

interface Platform {
  url: string;
  /** Where the tracking service puts artifacts (to check that nothing escaped it). */
  artifactsDir: string;
  /** Stops the tracking service only; the gateway keeps serving. */
  stopTracking(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

/** Raw HTTP (no URL normalisation), so `../` and `%2e%2e` reach the server as written. */
function call(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const url = new URL(baseUrl);
  const payload =
    body === undefined
      ? undefined
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(payload && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
          ...(payload ? { 'content-length': String(payload.length) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function servicesMode(): Promise<Platform> {
  const nats = await startPrivateNats();
  // A directory of its own around the artifact root, so the test can see that nothing escaped it.
  const baseDir = mkdtempSync(join(tmpdir(), 'llmops-gw-e2e-services-'));
  const artifactsDir = join(baseDir, 'artifacts');
  mkdirSync(artifactsDir);
  const transport: TransportConfig = { kind: 'nats', url: nats.url };
  const config = loadConfig(TrackingConfig, {
    ...process.env,
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    ARTIFACT_ROOT: pathToFileURL(artifactsDir).href,
    NATS_URL: nats.url,
  });
  let tracking: INestMicroservice | undefined = await startService(TrackingModule.forRoot(config), transport, {
    queue: TRACKING_QUEUE,
    logger: false,
  });
  const gateway: INestApplication = await createGatewayApp(
    { READINESS_SERVICES: 'tracking', LOG_REQUESTS: 'false', READINESS_TIMEOUT_MS: 2000 },
    transport,
    { logger: false },
  );
  await gateway.listen(0, '127.0.0.1');
  const port = (gateway.getHttpServer().address() as { port: number }).port;
  const stopTracking = async () => {
    await tracking?.close();
    tracking = undefined;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    artifactsDir,
    stopTracking,
    close: async () => {
      await gateway.close();
      await stopTracking();
      await nats.stop();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}

async function embeddedMode(): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-gw-e2e-embedded-'));
  const platform: EmbeddedPlatform = await startEmbeddedPlatform({
    dataDir,
    port: 0,
    logger: false,
    requestLog: () => undefined,
  });
  return {
    url: platform.url,
    artifactsDir: join(dataDir, 'artifacts'),
    stopTracking: () => platform.stopService('tracking'),
    close: async () => {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const suffix = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const MLFLOW = '/api/2.0/mlflow';

describe.each([
  ['services (NATS + PostgreSQL)', servicesMode],
  ['embedded (in-process bus + PGlite)', embeddedMode],
])('tracking through the gateway, %s', (_mode, start) => {
  let platform: Platform;
  let experimentId: string;
  let runId: string;
  const get = (path: string, headers?: Record<string, string>) => call(platform.url, 'GET', path, undefined, headers);
  const post = (path: string, body: unknown, headers?: Record<string, string>) =>
    call(platform.url, 'POST', path, body, headers);
  const getRun = async () => (await get(`${MLFLOW}/runs/get?run_uuid=${runId}&run_id=${runId}`)).body.run;

  beforeAll(async () => {
    platform = await start();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('is alive and ready', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { bus: { status: 'ok' }, tracking: { status: 'ok' } } });
  });

  it('runs the MLflow client flow: experiment, run, batches, history, search, artifacts, finish', async () => {
    const name = `gateway-e2e-${suffix()}`;
    // MlflowClient.create_experiment
    const created = await post(`${MLFLOW}/experiments/create`, { name, tags: [{ key: 'team', value: 'nlp' }] });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ experiment_id: expect.any(String) });
    experimentId = created.body.experiment_id;

    // mlflow.get_experiment_by_name
    const byName = await get(`${MLFLOW}/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.experiment).toMatchObject({
      experiment_id: experimentId,
      name,
      lifecycle_stage: 'active',
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(typeof byName.body.experiment.creation_time).toBe('number');
    expect(
      (await post(`${MLFLOW}/experiments/set-experiment-tag`, { experiment_id: experimentId, key: 'tmp', value: '1' }))
        .status,
    ).toBe(200);
    expect(
      (await post(`${MLFLOW}/experiments/delete-experiment-tag`, { experiment_id: experimentId, key: 'tmp' })).status,
    ).toBe(200);
    const tagsNow = (await get(`${MLFLOW}/experiments/get?experiment_id=${experimentId}`)).body.experiment.tags;
    expect(tagsNow).toEqual([{ key: 'team', value: 'nlp' }]);

    // MlflowClient.create_run
    const startTime = Date.now();
    const run = await post(`${MLFLOW}/runs/create`, {
      experiment_id: experimentId,
      user_id: 'ana',
      start_time: startTime,
      tags: [
        { key: 'mlflow.user', value: 'ana' },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.type', value: 'LOCAL' },
      ],
      run_name: 'dev-summarizer',
    });
    expect(run.status).toBe(200);
    runId = run.body.run.info.run_id;
    expect(run.body.run.info).toMatchObject({
      run_uuid: runId,
      experiment_id: experimentId,
      run_name: 'dev-summarizer',
      status: 'RUNNING',
      start_time: startTime,
      lifecycle_stage: 'active',
    });
    expect(run.body.run.info).not.toHaveProperty('end_time');

    // MlflowClient.log_batch, twice (the second adds later steps)
    const t0 = Date.now();
    const batch1 = await post(`${MLFLOW}/runs/log-batch`, {
      run_id: runId,
      metrics: [
        { key: 'rouge1', value: 0.31, timestamp: t0, step: 0 },
        { key: 'loss', value: 'NaN', timestamp: t0, step: 0 },
      ],
      params: [
        { key: 'model', value: 't5-small' },
        { key: 'max_new_tokens', value: '60' },
      ],
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(batch1.status).toBe(200);
    expect(batch1.body).toEqual({});
    const batch2 = await post(`${MLFLOW}/runs/log-batch`, {
      run_id: runId,
      metrics: [
        { key: 'rouge1', value: 0.35, timestamp: t0 + 1, step: 1 },
        { key: 'rouge1', value: 0.42, timestamp: t0 + 2, step: 2 },
      ],
    });
    expect(batch2.status).toBe(200);

    // MlflowClient.log_metric / log_param / set_tag send run_uuid next to run_id
    expect(
      (
        await post(`${MLFLOW}/runs/log-metric`, {
          run_uuid: runId,
          run_id: runId,
          key: 'latency_ms',
          value: 1850.5,
          timestamp: t0,
          step: 0,
        })
      ).status,
    ).toBe(200);
    expect(
      (await post(`${MLFLOW}/runs/log-parameter`, { run_uuid: runId, run_id: runId, key: 'beams', value: '4' })).status,
    ).toBe(200);
    expect(
      (await post(`${MLFLOW}/runs/set-tag`, { run_uuid: runId, run_id: runId, key: 'owner', value: 'ana' })).status,
    ).toBe(200);

    // mlflow.<flavor>.log_model records the MLmodel in the run (runs/log-model)
    const mlmodel = { run_id: runId, artifact_path: 'model', flavors: { python_function: {} }, model_uuid: 'm-1' };
    expect(
      (await post(`${MLFLOW}/runs/log-model`, { run_id: runId, model_json: JSON.stringify(mlmodel) })).status,
    ).toBe(200);

    // MlflowClient.get_metric_history (GET with query parameters)
    const history = await get(
      `${MLFLOW}/metrics/get-history?run_id=${runId}&run_uuid=${runId}&metric_key=rouge1&max_results=25000`,
    );
    expect(history.status).toBe(200);
    expect(history.body.metrics.map((m: { step: number; value: number }) => [m.step, m.value])).toEqual([
      [0, 0.31],
      [1, 0.35],
      [2, 0.42],
    ]);
    expect(history.body).not.toHaveProperty('next_page_token');
    const loss = await get(`${MLFLOW}/metrics/get-history?run_id=${runId}&metric_key=loss`);
    expect(loss.body.metrics[0].value).toBe('NaN');

    // MlflowClient.search_runs with a filter
    const found = await post(`${MLFLOW}/runs/search`, {
      experiment_ids: [experimentId],
      filter: "metrics.rouge1 > 0.4 and params.model = 't5-small'",
      run_view_type: 'ACTIVE_ONLY',
      max_results: 1000,
    });
    expect(found.status).toBe(200);
    expect(found.body.runs.map((r: any) => r.info.run_id)).toEqual([runId]);
    expect(found.body).not.toHaveProperty('next_page_token');
    const none = await post(`${MLFLOW}/runs/search`, {
      experiment_ids: [experimentId],
      filter: 'metrics.rouge1 > 0.9',
    });
    expect(none.status).toBe(200);
    expect(none.body.runs ?? []).toEqual([]);

    // Artifacts: upload through the platform API, list through MLflow's
    const up = await call(
      platform.url,
      'PUT',
      `/api/v1/runs/${runId}/artifacts/outputs/summary.txt`,
      Buffer.from('a summary'),
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(up.status).toBe(200);
    const listed = await get(`${MLFLOW}/artifacts/list?run_id=${runId}&run_uuid=${runId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.files).toEqual([{ path: 'outputs', is_dir: true }]);
    const inner = await get(`${MLFLOW}/artifacts/list?run_id=${runId}&path=outputs`);
    expect(inner.body.files).toEqual([{ path: 'outputs/summary.txt', is_dir: false, file_size: 9 }]);
    const down = await get(`/api/v1/runs/${runId}/artifacts/outputs/summary.txt`);
    expect(down.status).toBe(200);
    expect(down.text).toBe('a summary');

    // MlflowClient.set_terminated
    const endTime = Date.now();
    const updated = await post(`${MLFLOW}/runs/update`, {
      run_uuid: runId,
      run_id: runId,
      status: 'FINISHED',
      end_time: endTime,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.run_info).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: endTime });

    const final = await getRun();
    expect(final.info.status).toBe('FINISHED');
    const params = Object.fromEntries(final.data.params.map((p: any) => [p.key, p.value]));
    expect(params).toEqual({ model: 't5-small', max_new_tokens: '60', beams: '4' });
    const metrics = Object.fromEntries(final.data.metrics.map((m: any) => [m.key, m.value]));
    expect(metrics).toEqual({ rouge1: 0.42, loss: 'NaN', latency_ms: 1850.5 });
    const tags = Object.fromEntries(final.data.tags.map((t: any) => [t.key, t.value]));
    expect(tags).toMatchObject({ stage: 'dev', owner: 'ana', 'mlflow.user': 'ana' });
    expect(JSON.parse(tags['mlflow.log-model.history'])).toEqual([mlmodel]);
  });

  it('serves the same run under /ajax-api and the platform REST API', async () => {
    const ajax = await get(`/ajax-api/2.0/mlflow/runs/get?run_id=${runId}`);
    expect(ajax.status).toBe(200);
    expect(ajax.body.run.info.run_id).toBe(runId);
    const rest = await get(`/api/v1/runs/${runId}`);
    expect(rest.status).toBe(200);
    expect(rest.body.run.info.run_id).toBe(runId);
    const history = await get(`/api/v1/runs/${runId}/metrics/rouge1/history`);
    expect(history.body.metrics).toHaveLength(3);
  });

  it("serves MLflow's artifact proxy (mlflow-artifacts) for the run's files", async () => {
    const base = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts`;
    // MLflow's client PUTs the raw file with no content type.
    const put = await call(platform.url, 'PUT', `${base}/proxy/notes.txt`, Buffer.from('proxied'));
    expect(put.status).toBe(200);
    expect(put.body).toEqual({});
    const listed = await get(`/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/${runId}/artifacts/proxy`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ files: [{ path: 'notes.txt', is_dir: false, file_size: 7 }] });
    const down = await get(`${base}/proxy/notes.txt`);
    expect(down.text).toBe('proxied');
    const mine = await get(`${MLFLOW}/artifacts/list?run_id=${runId}&path=proxy`);
    expect(mine.body.files).toEqual([{ path: 'proxy/notes.txt', is_dir: false, file_size: 7 }]);
    const otherExperiment = await get(`/api/2.0/mlflow-artifacts/artifacts/999999/${runId}/artifacts/proxy/notes.txt`);
    expect({ status: otherExperiment.status, code: otherExperiment.body.error_code }).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER_VALUE',
    });
    const escape = await call(platform.url, 'PUT', `${base}/../../../escape.txt`, Buffer.from('x'));
    expect({ status: escape.status, code: escape.body.error_code }).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER_VALUE',
    });
  });

  it('pages experiments/search with next_page_token only while there is a next page', async () => {
    const prefix = `gw-page-${suffix()}`;
    for (const i of [1, 2, 3])
      expect((await post(`${MLFLOW}/experiments/create`, { name: `${prefix}-${i}` })).status).toBe(200);
    const filter = `name LIKE '${prefix}%'`;
    const first = await post(`${MLFLOW}/experiments/search`, { max_results: 2, filter });
    expect(first.status).toBe(200);
    expect(first.body.experiments).toHaveLength(2);
    expect(typeof first.body.next_page_token).toBe('string');
    const second = await get(
      `${MLFLOW}/experiments/search?max_results=2&filter=${encodeURIComponent(filter)}&page_token=${encodeURIComponent(first.body.next_page_token)}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.experiments).toHaveLength(1);
    expect(second.body).not.toHaveProperty('next_page_token');
  });

  it('returns and propagates the correlation id', async () => {
    const mine = await get(`${MLFLOW}/runs/get?run_id=${runId}`, { 'x-correlation-id': 'e2e-corr-1' });
    expect(mine.headers['x-correlation-id']).toBe('e2e-corr-1');
    const made = await get('/healthz');
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('refuses bad input with the right status and error_code, changing nothing', () => {
    let before: any;
    beforeAll(async () => {
      before = await getRun();
    });
    afterEach(async () => {
      const after = await getRun();
      expect(after.data).toEqual(before.data);
      expect(after.info).toEqual(before.info);
    });

    const expectError = (answer: Answer, status: number, code: string) => {
      expect({ status: answer.status, code: answer.body?.error_code }).toEqual({ status, code });
      expect(typeof answer.body.message).toBe('string');
    };

    it('malformed JSON', async () => {
      expectError(await post(`${MLFLOW}/runs/log-batch`, '{"run_id": "x", '), 400, 'INVALID_PARAMETER_VALUE');
    });

    it('a missing field', async () => {
      expectError(
        await post(`${MLFLOW}/runs/log-parameter`, { run_id: runId, value: 'v' }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectError(await post(`${MLFLOW}/experiments/create`, {}), 400, 'INVALID_PARAMETER_VALUE');
    });

    it('a wrong type', async () => {
      expectError(
        await post(`${MLFLOW}/runs/log-metric`, { run_id: runId, key: 'rouge1', value: 'high', timestamp: 1, step: 0 }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectError(
        await post(`${MLFLOW}/runs/log-batch`, { run_id: runId, params: 'model=t5' }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectError(await post(`${MLFLOW}/runs/log-batch`, [runId]), 400, 'INVALID_PARAMETER_VALUE');
    });

    it("a key with '..' or characters MLflow refuses", async () => {
      for (const key of ['a/../b', '../up', 'bad$key', 'semi;colon']) {
        expectError(
          await post(`${MLFLOW}/runs/log-parameter`, { run_id: runId, key, value: 'v' }),
          400,
          'INVALID_PARAMETER_VALUE',
        );
      }
      expectError(
        await post(`${MLFLOW}/runs/log-batch`, {
          run_id: runId,
          params: [{ key: 'fine', value: '1' }],
          metrics: [{ key: 'x/../y', value: 1, timestamp: 1, step: 0 }],
        }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('a param value over 6000 characters', async () => {
      expectError(
        await post(`${MLFLOW}/runs/log-parameter`, { run_id: runId, key: 'prompt', value: 'x'.repeat(6001) }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
    });

    it('a batch over the limits', async () => {
      const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: 1, step: i }));
      expectError(await post(`${MLFLOW}/runs/log-batch`, { run_id: runId, metrics }), 400, 'INVALID_PARAMETER_VALUE');
      const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
      expectError(await post(`${MLFLOW}/runs/log-batch`, { run_id: runId, params }), 400, 'INVALID_PARAMETER_VALUE');
    });

    it('an unknown run id', async () => {
      const unknown = '0123456789abcdef0123456789abcdef';
      expectError(await get(`${MLFLOW}/runs/get?run_id=${unknown}`), 404, 'RESOURCE_DOES_NOT_EXIST');
      expectError(
        await post(`${MLFLOW}/runs/log-parameter`, { run_id: unknown, key: 'k', value: 'v' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      expectError(await get(`/api/v1/runs/${unknown}/artifacts/a.txt`), 404, 'RESOURCE_DOES_NOT_EXIST');
    });

    it('an unknown route', async () => {
      expectError(await get(`${MLFLOW}/runs/teleport`), 404, 'ENDPOINT_NOT_FOUND');
    });

    it('an artifact path escaping the root', async () => {
      const outside = readdirSync(join(platform.artifactsDir, '..'));
      const escapes = [
        '../escape.txt',
        '../../escape.txt',
        '..%2F..%2Fescape.txt',
        '%2e%2e/%2e%2e/escape.txt',
        '%252e%252e%252fescape.txt',
        '..\\..\\escape.txt',
        '..%5C..%5Cescape.txt',
        '/etc/passwd',
        '%2Fetc%2Fpasswd',
      ];
      for (const path of escapes) {
        const put = await call(platform.url, 'PUT', `/api/v1/runs/${runId}/artifacts/${path}`, Buffer.from('x'), {
          'content-type': 'application/octet-stream',
        });
        expect({ path, status: put.status, code: put.body?.error_code }).toEqual({
          path,
          status: 400,
          code: 'INVALID_PARAMETER_VALUE',
        });
        const got = await get(`/api/v1/runs/${runId}/artifacts/${path}`);
        expect({ path, status: got.status, code: got.body?.error_code }).toEqual({
          path,
          status: 400,
          code: 'INVALID_PARAMETER_VALUE',
        });
      }
      for (const path of ['../..', '..%2F..', '/etc', '..\\..']) {
        const listed = await get(`${MLFLOW}/artifacts/list?run_id=${runId}&path=${path}`);
        expect({ path, status: listed.status, code: listed.body?.error_code }).toEqual({
          path,
          status: 400,
          code: 'INVALID_PARAMETER_VALUE',
        });
      }
      expect(readdirSync(join(platform.artifactsDir, '..'))).toEqual(outside);
      const listed = await get(`${MLFLOW}/artifacts/list?run_id=${runId}`);
      expect(listed.body.files).toEqual([
        { path: 'outputs', is_dir: true },
        { path: 'proxy', is_dir: true },
      ]);
    });
  });

  it('exposes OpenAPI for /api/v1 and Prometheus metrics', async () => {
    const docs = await get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/experiments', '/api/v1/runs/{runId}']),
    );
    expect(Object.keys(docs.body.paths).some((p) => p.startsWith('/api/2.0'))).toBe(false);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(
      /llmops_http_requests_total\{method="POST",route="\/api\/2\.0\/mlflow\/runs\/log-batch",status="200"\} \d+/,
    );
    expect(metrics.text).toMatch(/llmops_http_errors_total\{[^}]*error_code="INVALID_PARAMETER_VALUE"[^}]*\} \d+/);
  });

  it('logs, lists and exports predictions through the platform API', async () => {
    const rows = [
      { inputs: { article: 'A long article.' }, outputs: { summary: 'Short.' }, latency_ms: 12.5 },
      { inputs: { article: 'Another one.' }, outputs: { summary: 'Shorter.' }, extra: { rouge1: 0.5 } },
    ];
    const logged = await post(`/api/v1/runs/${runId}/predictions`, { rows });
    expect(logged.status).toBe(201);
    expect(logged.body).toEqual({ first_row_index: 0, count: 2 });
    const page = await get(`/api/v1/runs/${runId}/predictions?max_results=1`);
    expect(page.status).toBe(200);
    expect(page.body.predictions).toHaveLength(1);
    expect(page.body.predictions[0]).toMatchObject({ row_index: 0, outputs: { summary: 'Short.' }, latency_ms: 12.5 });
    const rest = await get(
      `/api/v1/runs/${runId}/predictions?max_results=1&page_token=${encodeURIComponent(page.body.next_page_token)}`,
    );
    expect(rest.body.predictions.map((p: any) => p.row_index)).toEqual([1]);
    const exported = await post(`/api/v1/runs/${runId}/predictions/export`, {});
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ rows: 2 });
    const file = await get(`/api/v1/runs/${runId}/artifacts/${exported.body.artifact_path}`);
    expect(file.status).toBe(200);
    expect(file.text.trim().split('\n')).toHaveLength(2);
    const tooMany = await post(`/api/v1/runs/${runId}/predictions`, { rows: 'nope' });
    expect({ status: tooMany.status, code: tooMany.body.error_code }).toEqual({
      status: 400,
      code: 'INVALID_PARAMETER_VALUE',
    });
  });

  it('serves experiments and runs on the platform REST API', async () => {
    const created = await post('/api/v1/experiments', { name: `rest-${suffix()}` });
    expect(created.status).toBe(201);
    const id = created.body.experiment_id;
    expect((await get(`/api/v1/experiments/${id}`)).body.experiment.experiment_id).toBe(id);
    const run = await post('/api/v1/runs', { experiment_id: id, run_name: 'ci-run' });
    expect(run.status).toBe(201);
    const rid = run.body.run.info.run_id;
    expect((await post(`/api/v1/runs/${rid}/batch`, { params: [{ key: 'k', value: 'v' }] })).status).toBe(200);
    const patched = await call(platform.url, 'PATCH', `/api/v1/runs/${rid}`, {
      status: 'FINISHED',
      end_time: Date.now(),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.run_info.status).toBe('FINISHED');
    const search = await post('/api/v1/runs/search', { experiment_ids: [id], filter: "params.k = 'v'" });
    expect(search.body.runs.map((r: any) => r.info.run_id)).toEqual([rid]);
    const missing = await get('/api/v1/experiments/does-not-exist-123');
    expect(missing.status).toBe(404);
  });

  it('answers 503 when tracking is not running: readiness lists the failing check, requests fail fast', async () => {
    await platform.stopTracking();
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.tracking.status).toBe('failing');
    expect(ready.body.checks.bus.status).toBe('ok');
    const answer = await get(`${MLFLOW}/runs/get?run_id=${runId}`);
    expect(answer.status).toBe(503);
    expect(answer.body.error_code).toBe('TEMPORARILY_UNAVAILABLE');
  });
});

describe('embedded platform restart', () => {
  it('finds everything again on the same data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmops-gw-e2e-restart-'));
    try {
      const name = `restart-${suffix()}`;
      let platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
      const exp = await call(platform.url, 'POST', `${MLFLOW}/experiments/create`, { name });
      const run = await call(platform.url, 'POST', `${MLFLOW}/runs/create`, {
        experiment_id: exp.body.experiment_id,
        start_time: 1,
      });
      const runId = run.body.run.info.run_id;
      await call(platform.url, 'POST', `${MLFLOW}/runs/log-batch`, {
        run_id: runId,
        params: [{ key: 'model', value: 't5' }],
        metrics: [{ key: 'rouge1', value: 0.4, timestamp: 2, step: 0 }],
      });
      await call(platform.url, 'PUT', `/api/v1/runs/${runId}/artifacts/model/MLmodel`, Buffer.from('flavors: {}\n'), {
        'content-type': 'application/octet-stream',
      });
      await platform.close();

      platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
      try {
        const again = await call(platform.url, 'GET', `${MLFLOW}/runs/get?run_id=${runId}`);
        expect(again.status).toBe(200);
        expect(again.body.run.data.params).toEqual([{ key: 'model', value: 't5' }]);
        expect(again.body.run.data.metrics).toEqual([{ key: 'rouge1', value: 0.4, timestamp: 2, step: 0 }]);
        const byName = await call(platform.url, 'GET', `${MLFLOW}/experiments/get-by-name?experiment_name=${name}`);
        expect(byName.body.experiment.experiment_id).toBe(exp.body.experiment_id);
        const file = await call(platform.url, 'GET', `/api/v1/runs/${runId}/artifacts/model/MLmodel`);
        expect(file.text).toBe('flavors: {}\n');
      } finally {
        await platform.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('starts every service module of the platform', () => {
    expect(EMBEDDED_SERVICES.map((s) => s.name)).toEqual(['identity', 'tracking', 'registry', 'inference', 'batch']);
  });
});
