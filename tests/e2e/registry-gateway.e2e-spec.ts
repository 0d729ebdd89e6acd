import { INestApplication, INestMicroservice } from '@nestjs/common';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVALUATION_TAGS } from '@llmops/contract';
import { TransportConfig } from '@llmops/messaging';
import { createSummarizer, saveModelPackage } from '@llmops/pipeline';
import { createGatewayApp } from '@llmops/gateway-app';
import { EMBEDDED_SERVICES, startEmbeddedPlatform } from '@llmops/cli';
import { startPrivateNats } from './support/private-nats';

/**
 * The real gateway in front of the real registry, tracking and inference services: MLflow's
 * model-registry REST API, the platform REST API, staging evaluation (extractive packages served
 * by inference, scored with ROUGE, logged in tracking) and the promotion gate, in both ways to run.
 */

interface Platform {
  url: string;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: any;
}

function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const url = new URL(baseUrl);
  const raw = Buffer.isBuffer(body);
  const payload = body === undefined ? undefined : raw ? body : Buffer.from(JSON.stringify(body));
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: payload
          ? {
              'content-type': raw ? 'application/octet-stream' : 'application/json',
              'content-length': String(payload.length),
            }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Each service its own Nest app and database connections, over NATS and PostgreSQL. */
async function servicesMode(): Promise<Platform> {
  const nats = await startPrivateNats();
  const baseDir = mkdtempSync(join(tmpdir(), 'llmops-registry-gw-services-'));
  mkdirSync(join(baseDir, 'artifacts'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    ARTIFACT_ROOT: pathToFileURL(join(baseDir, 'artifacts')).href,
    INFERENCE_CACHE_DIR: join(baseDir, 'cache'),
    NATS_URL: nats.url,
    LLMOPS_DATA_DIR: baseDir,
  };
  const transport: TransportConfig = { kind: 'nats', url: nats.url };
  const services: INestMicroservice[] = [];
  let gateway: INestApplication | undefined;
  const close = async () => {
    await gateway?.close();
    for (const service of services.reverse()) await service.close();
    await nats.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    for (const service of EMBEDDED_SERVICES) services.push(await service.start(env, transport, false));
    gateway = await createGatewayApp({ LOG_REQUESTS: 'false' }, transport, { logger: false });
    await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await close();
    throw error;
  }
  const port = (gateway.getHttpServer().address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close };
}

async function embeddedMode(): Promise<Platform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-registry-gw-embedded-'));
  const platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
  return {
    url: platform.url,
    close: async () => {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const suffix = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const MLFLOW = '/api/2.0/mlflow';
const V1 = '/api/v1';

// Held-out news: the first sentence of each article is its reference summary, so a lead-1
// extractive model scores ROUGE 1.0 and each extra sentence costs precision.
const ARTICLES = [
  [
    'The city council approved a new budget for public parks on Monday.',
    'Officials said the money will pay for new benches and trees.',
    'Residents had asked for more green space for years.',
    'Work is expected to start in the spring.',
  ],
  [
    'A local bakery won a national prize for its sourdough bread.',
    'The owner thanked her staff and loyal customers.',
    'The bakery opened ten years ago in a small shop.',
    'Queues formed outside the door the next morning.',
  ],
  [
    'Heavy rain flooded several roads in the north of the country.',
    'Emergency services rescued drivers trapped in their cars.',
    'Schools in the region stayed closed on Tuesday.',
    'Forecasters expect drier weather by the weekend.',
  ],
];

describe.each([
  ['services (NATS + PostgreSQL)', servicesMode],
  ['embedded (in-process bus + PGlite)', embeddedMode],
])('registry through the gateway, %s', (_mode, start) => {
  let platform: Platform;
  let dataDir: string;
  let heldOut: string;
  let missingReference: string;
  const get = (path: string) => call(platform.url, 'GET', path);
  const post = (path: string, body: unknown) => call(platform.url, 'POST', path, body);
  const patch = (path: string, body: unknown) => call(platform.url, 'PATCH', path, body);
  const put = (path: string, body: unknown) => call(platform.url, 'PUT', path, body);
  const del = (path: string, body?: unknown) => call(platform.url, 'DELETE', path, body);
  const enc = encodeURIComponent;

  /** A run holding an extractive package at `model` (lead-N), as a dev run would log it. */
  async function packagedRun(experimentName: string, maxSentences: number): Promise<string> {
    let experiment = await get(`${MLFLOW}/experiments/get-by-name?experiment_name=${enc(experimentName)}`);
    if (experiment.status === 404) {
      await post(`${MLFLOW}/experiments/create`, { name: experimentName });
      experiment = await get(`${MLFLOW}/experiments/get-by-name?experiment_name=${enc(experimentName)}`);
    }
    const run = await post(`${MLFLOW}/runs/create`, { experiment_id: experiment.body.experiment.experiment_id });
    expect(run.status).toBe(200);
    const { run_id: runId } = run.body.run.info;
    const summarizer = await createSummarizer({
      flavor: 'extractive',
      settings: { method: 'lead', maxSentences, maxWords: 0 },
    });
    // Saved locally and uploaded through the gateway, as a client logs a model (the run's location
    // is served, not a path on this machine).
    const local = mkdtempSync(join(tmpdir(), 'llmops-registry-gw-pkg-'));
    try {
      await saveModelPackage(summarizer, join(local, 'model'), { artifactPath: 'model', runId });
      for (const name of readdirSync(join(local, 'model'))) {
        const uploaded = await put(
          `${V1}/runs/${runId}/artifacts/model/${name}`,
          readFileSync(join(local, 'model', name)),
        );
        expect(uploaded.status).toBe(200);
      }
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
    return runId;
  }

  async function registerVersion(name: string, maxSentences: number): Promise<string> {
    const runId = await packagedRun(`${name}-dev`, maxSentences);
    const created = await post(`${V1}/registered-models/${enc(name)}/versions`, { source: `runs:/${runId}/model` });
    expect(created.status).toBe(201);
    return created.body.model_version.version;
  }

  async function evaluate(name: string, version: string) {
    const answer = await post(`${V1}/registered-models/${enc(name)}/versions/${version}/evaluations`, {
      dataset_path: heldOut,
    });
    expect(answer.status).toBe(201);
    return answer.body;
  }

  const historyOf = async (name: string) => (await get(`${V1}/registered-models/${enc(name)}/history`)).body.entries;
  const versionOf = async (name: string, version: string) =>
    (await get(`${V1}/registered-models/${enc(name)}/versions/${version}`)).body.model_version;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-registry-gw-data-'));
    heldOut = join(dataDir, 'held-out.jsonl');
    writeFileSync(
      heldOut,
      ARTICLES.map((s, i) => JSON.stringify({ id: `a${i}`, article: s.join(' '), reference: s[0] })).join('\n') + '\n',
    );
    missingReference = join(dataDir, 'missing-reference.jsonl');
    writeFileSync(
      missingReference,
      [
        JSON.stringify({ id: 'ok', article: ARTICLES[0].join(' '), reference: ARTICLES[0][0] }),
        JSON.stringify({ id: 'no-ref', article: ARTICLES[1].join(' ') }),
        JSON.stringify({ id: 'empty-ref', article: ARTICLES[2].join(' '), reference: '' }),
      ].join('\n'),
    );
    platform = await start();
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers MLflow's model-registry REST API with MLflow's shapes, codes and statuses", async () => {
    const name = `mlflow-reg-${suffix()}`;
    const created = await post(`${MLFLOW}/registered-models/create`, {
      name,
      description: 'news summarizer',
      tags: [{ key: 'team', value: 'nlp' }],
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      registered_model: {
        name,
        creation_timestamp: expect.any(Number),
        last_updated_timestamp: expect.any(Number),
        user_id: expect.any(String),
        description: 'news summarizer',
        tags: [{ key: 'team', value: 'nlp' }],
      },
    });

    const duplicate = await post(`${MLFLOW}/registered-models/create`, { name });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');

    const runId = await packagedRun(`${name}-dev`, 1);
    const version = await post(`${MLFLOW}/model-versions/create`, {
      name,
      source: `runs:/${runId}/model`,
      run_id: runId,
      run_link: '',
      description: 'lead-1',
    });
    expect(version.status).toBe(200);
    expect(version.body.model_version).toEqual({
      name,
      version: '1',
      creation_timestamp: expect.any(Number),
      last_updated_timestamp: expect.any(Number),
      user_id: expect.any(String),
      current_stage: 'None',
      description: 'lead-1',
      source: `runs:/${runId}/model`,
      run_id: runId,
      status: 'READY',
    });

    const got = await get(`${MLFLOW}/model-versions/get?name=${enc(name)}&version=1`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(version.body);

    const uri = await get(`${MLFLOW}/model-versions/get-download-uri?name=${enc(name)}&version=1`);
    expect(uri.body).toEqual({
      // Served: MLflow clients download through the proxy, never from a path on the server's disk.
      artifact_uri: expect.stringMatching(new RegExp(`^mlflow-artifacts:/\\d+/${runId}/artifacts/model$`)),
    });

    expect((await post(`${MLFLOW}/registered-models/alias`, { name, alias: 'champion', version: '1' })).body).toEqual(
      {},
    );
    const byAlias = await get(`${MLFLOW}/registered-models/alias?name=${enc(name)}&alias=champion`);
    expect(byAlias.status).toBe(200);
    expect(byAlias.body.model_version).toMatchObject({ name, version: '1', aliases: ['champion'] });

    const staged = await post(`${MLFLOW}/model-versions/transition-stage`, {
      name,
      version: '1',
      stage: 'staging',
      archive_existing_versions: false,
    });
    expect(staged.status).toBe(200);
    expect(staged.body.model_version).toMatchObject({ version: '1', current_stage: 'Staging' });

    const latest = await post(`${MLFLOW}/registered-models/get-latest-versions`, { name, stages: ['Staging'] });
    expect(latest.body.model_versions.map((v: any) => [v.version, v.current_stage])).toEqual([['1', 'Staging']]);

    const model = await get(`/ajax-api/2.0/mlflow/registered-models/get?name=${enc(name)}`);
    expect(model.status).toBe(200);
    expect(model.body.registered_model).toMatchObject({
      name,
      aliases: [{ alias: 'champion', version: '1' }],
      latest_versions: [{ version: '1', current_stage: 'Staging' }],
    });
    expect(model.body.registered_model.latest_versions[0]).not.toHaveProperty('storage_location');

    const found = await get(`${MLFLOW}/registered-models/search?filter=${enc(`name = '${name}'`)}&max_results=10`);
    expect(found.body.registered_models.map((m: any) => m.name)).toEqual([name]);
    const none = await get(`${MLFLOW}/registered-models/search?filter=${enc(`name = '${name}-none'`)}`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({});
    const versions = await get(`${MLFLOW}/model-versions/search?filter=${enc(`name = '${name}'`)}`);
    expect(versions.body.model_versions.map((v: any) => v.version)).toEqual(['1']);

    expect((await post(`${MLFLOW}/model-versions/set-tag`, { name, version: '1', key: 'k', value: 'v' })).body).toEqual(
      {},
    );
    expect((await get(`${MLFLOW}/model-versions/get?name=${enc(name)}&version=1`)).body.model_version.tags).toEqual([
      { key: 'k', value: 'v' },
    ]);
    expect((await del(`${MLFLOW}/model-versions/delete-tag`, { name, version: '1', key: 'k' })).body).toEqual({});
    const updated = await patch(`${MLFLOW}/registered-models/update`, { name, description: 'v2 docs' });
    expect(updated.body.registered_model.description).toBe('v2 docs');

    // Production meets the promotion gate: the model's stored policy (none here) and its latest
    // recorded evaluation (none): refused with MLflow's INVALID_STATE, every failed check named.
    const promoted = await post(`${MLFLOW}/model-versions/transition-stage`, {
      name,
      version: '1',
      stage: 'Production',
      archive_existing_versions: true,
    });
    expect(promoted.status).toBe(400);
    expect(promoted.body).toEqual({
      error_code: 'INVALID_STATE',
      message: expect.stringMatching(/refused by the gate: no gate policy stated .*; no evaluation run given/),
    });
    expect(
      (await get(`${MLFLOW}/model-versions/get?name=${enc(name)}&version=1`)).body.model_version.current_stage,
    ).toBe('Staging');

    const renamed = await post(`${MLFLOW}/registered-models/rename`, { name, new_name: `${name}-renamed` });
    expect(renamed.body.registered_model.name).toBe(`${name}-renamed`);
    expect((await del(`${MLFLOW}/registered-models/delete`, { name: `${name}-renamed` })).body).toEqual({});
    const gone = await get(`${MLFLOW}/registered-models/get?name=${enc(`${name}-renamed`)}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const missingVersion = await get(`${MLFLOW}/model-versions/get?name=${enc(name)}&version=7`);
    expect(missingVersion.status).toBe(404);
    expect(missingVersion.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('evaluates versions, gates promotions against the champion, and records decisions and overrides', async () => {
    const name = `gate-${suffix()}`;
    expect((await post(`${V1}/registered-models`, { name })).status).toBe(201);
    const v1 = await registerVersion(name, 2); // ROUGE-L about 0.7
    const v2 = await registerVersion(name, 4); // worse: about 0.47
    const v3 = await registerVersion(name, 1); // better: 1.0

    // Staging evaluation: summaries through inference, ROUGE, latency, failure rate, logged in tracking.
    const e1 = await evaluate(name, v1);
    expect(e1).toEqual({
      evaluation_run_id: expect.any(String),
      experiment_id: expect.any(String),
      model_uri: `models:/${name}/${v1}`,
      dataset_digest: expect.stringMatching(/^[0-9a-f]{8}$/),
      metrics: {
        rouge1: expect.any(Number),
        rouge2: expect.any(Number),
        rougeL: expect.any(Number),
        rougeLsum: expect.any(Number),
        latency_p50_ms: expect.any(Number),
        latency_p95_ms: expect.any(Number),
        failure_rate: 0,
        articles: 3,
      },
    });
    expect(e1.metrics.rougeL).toBeGreaterThan(0.6);
    expect(e1.metrics.rougeL).toBeLessThan(0.8);
    const run = (await get(`${MLFLOW}/runs/get?run_id=${e1.evaluation_run_id}`)).body.run;
    const tags = Object.fromEntries(run.data.tags.map((t: any) => [t.key, t.value]));
    expect(tags).toMatchObject({
      [EVALUATION_TAGS.modelName]: name,
      [EVALUATION_TAGS.modelVersion]: v1,
      [EVALUATION_TAGS.modelUri]: `models:/${name}/${v1}`,
      [EVALUATION_TAGS.datasetDigest]: e1.dataset_digest,
    });
    expect(run.info.status).toBe('FINISHED');
    const metrics = Object.fromEntries(run.data.metrics.map((m: any) => [m.key, m.value]));
    expect(metrics.rougeL).toBeCloseTo(e1.metrics.rougeL);
    expect(metrics.failure_rate).toBe(0);
    const experiment = await get(`${MLFLOW}/experiments/get?experiment_id=${run.info.experiment_id}`);
    expect(experiment.body.experiment.name).toBe(`${name}-evaluation`);
    const predictions = (await get(`${V1}/runs/${e1.evaluation_run_id}/predictions`)).body.predictions;
    expect(predictions).toHaveLength(3);
    expect(predictions[0]).toMatchObject({
      inputs: { id: 'a0', article: ARTICLES[0].join(' ') },
      outputs: { summary: ARTICLES[0].slice(0, 2).join(' ') },
      latency_ms: expect.any(Number),
      extra: { reference: ARTICLES[0][0], rouge1: expect.any(Number), rougeL: expect.any(Number) },
    });

    const gate = {
      min_rouge_l: 0.5,
      max_failure_rate: 0,
      max_latency_p95_ms: 60_000,
      max_regression_vs_champion: 0.01,
    };
    const stage = (version: string, body: unknown) =>
      post(`${V1}/registered-models/${enc(name)}/versions/${version}/stage`, body);

    // A version never evaluated: refused (MLflow's INVALID_STATE), with the reason. (Without an
    // evaluation_run_id the gate takes the version's latest recorded evaluation: v3 has none yet.)
    const blind = await stage(v3, { stage: 'Production', gate });
    expect(blind.status).toBe(400);
    expect(blind.body.error_code).toBe('INVALID_STATE');
    expect(blind.body.message).toMatch(/no evaluation run given/);

    // MLflow clients promote the gated way: the model's stored policy against the version's latest
    // evaluation recorded by the evaluation service (e1 for v1).
    const viaMlflow = (version: string) =>
      post(`${MLFLOW}/model-versions/transition-stage`, { name, version, stage: 'Production' });
    const noPolicy = await viaMlflow(v1);
    expect([noPolicy.status, noPolicy.body.error_code]).toEqual([400, 'INVALID_STATE']);
    expect(noPolicy.body.message).toMatch(/refused by the gate: no gate policy stated/);
    const stored = await put(`${V1}/registered-models/${enc(name)}/gate-policy`, { policy: gate });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ name, policy: gate, source: 'model' });
    expect((await get(`${V1}/registered-models/${enc(name)}/gate-policy`)).body).toMatchObject({ policy: gate });
    const passed = await viaMlflow(v1);
    expect(passed.status).toBe(200);
    expect(passed.body.model_version).toMatchObject({ version: v1, current_stage: 'Production' });
    const gated = (await historyOf(name)).filter((e: any) => e.version === v1 && e.to_stage === 'Production').pop();
    expect(gated).toMatchObject({
      evaluation_run_id: e1.evaluation_run_id,
      evaluation: { gate_decision: { passed: true, policy: gate } },
    });

    // First champion: no one to compare with.
    const first = await stage(v1, { stage: 'Production', gate, evaluation_run_id: e1.evaluation_run_id });
    expect(first.status).toBe(200);
    expect(first.body.model_version).toMatchObject({ version: v1, current_stage: 'Production' });
    expect(first.body.gate_decision).toMatchObject({ passed: true, overridden: false, champion: null });
    expect(first.body.gate_decision.checks.map((c: any) => [c.check, c.passed])).toEqual([
      ['policy', true],
      ['evaluation', true],
      ['min_rouge_l', true],
      ['max_latency_p95_ms', true],
      ['max_failure_rate', true],
      ['max_regression_vs_champion', true],
    ]);

    // A candidate worse than the champion: refused, nothing changes.
    const e2 = await evaluate(name, v2);
    expect(e2.metrics.rougeL).toBeLessThan(e1.metrics.rougeL - 0.1);
    const historyBefore = await historyOf(name);
    const dryRun = await stage(v2, {
      stage: 'Production',
      gate,
      evaluation_run_id: e2.evaluation_run_id,
      dry_run: true,
    });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({
      dry_run: true,
      model_version: { version: v2, current_stage: 'None' },
      gate_decision: { passed: false, overridden: false },
      archived_versions: [],
    });
    const worse = await stage(v2, {
      stage: 'Production',
      archive_existing_versions: true,
      gate,
      evaluation_run_id: e2.evaluation_run_id,
    });
    expect(worse.status).toBe(400);
    expect(worse.body.error_code).toBe('INVALID_STATE');
    expect(worse.body.message).toMatch(
      new RegExp(`below champion version ${v1} .*more than max_regression_vs_champion 0.01`),
    );
    expect((await versionOf(name, v1)).current_stage).toBe('Production');
    expect((await versionOf(name, v2)).current_stage).toBe('None');
    expect(await historyOf(name)).toEqual(historyBefore);

    // Someone else's evaluation run does not count for this version.
    const borrowed = await stage(v2, { stage: 'Production', gate, evaluation_run_id: e1.evaluation_run_id });
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.message).toMatch(new RegExp(`evaluates models:/${name}/${v1}, not models:/${name}/${v2}`));

    // A better candidate: promoted, the champion archived.
    const e3 = await evaluate(name, v3);
    expect(e3.metrics.rougeL).toBeCloseTo(1);
    const better = await stage(v3, {
      stage: 'Production',
      archive_existing_versions: true,
      gate,
      evaluation_run_id: e3.evaluation_run_id,
      reason: 'lead-1 beats lead-2',
    });
    expect(better.status).toBe(200);
    expect(better.body.gate_decision).toMatchObject({
      passed: true,
      champion: { version: v1, evaluation_run_id: e1.evaluation_run_id },
    });
    expect(better.body.archived_versions).toEqual([v1]);
    expect((await versionOf(name, v1)).current_stage).toBe('Archived');

    // An operator override: the worse version goes to Production, the override and decision recorded.
    const forced = await stage(v2, {
      stage: 'Production',
      gate,
      evaluation_run_id: e2.evaluation_run_id,
      override_reason: 'incident 42: roll forward',
    });
    expect(forced.status).toBe(200);
    expect(forced.body.gate_decision).toMatchObject({
      passed: false,
      overridden: true,
      override_reason: 'incident 42: roll forward',
    });
    const entries = await historyOf(name);
    const entry = entries.filter((e: any) => e.version === v2 && e.to_stage === 'Production').pop();
    expect(entry).toMatchObject({
      override: true,
      reason: 'incident 42: roll forward',
      evaluation_run_id: e2.evaluation_run_id,
      evaluation: { gate_decision: { overridden: true, passed: false } },
    });
    const regression = entry.evaluation.gate_decision.checks.find((c: any) => c.check === 'max_regression_vs_champion');
    expect(regression).toMatchObject({ passed: false, threshold: 0.01 });
    const promotionOfV3 = entries.filter((e: any) => e.version === v3 && e.to_stage === 'Production').pop();
    expect(promotionOfV3.evaluation.gate_decision.passed).toBe(true);

    // An override without a reason is not one.
    const blank = await stage(v1, { stage: 'Production', override_reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error_code).toBe('INVALID_PARAMETER_VALUE');

    // Staging needs no gate.
    const staging = await stage(v1, { stage: 'Staging' });
    expect(staging.status).toBe(200);
    expect(staging.body.gate_decision).toBeNull();

    const at = await get(
      `${V1}/registered-models/${enc(name)}/history?at=${enc(new Date().toISOString())}&stage=Production`,
    );
    expect(at.status).toBe(200);
    expect(at.body).toMatchObject({ name, stage: 'Production', versions: [v3, v2].sort() });
    const resolved = await get(`${V1}/models/resolve?uri=${enc(`models:/${name}/${v3}`)}`);
    expect(resolved.body).toMatchObject({ name, version: Number(v3) });
  });

  it('documents the registry routes in OpenAPI', async () => {
    const doc = (await get('/docs-json')).body;
    const stagePath = doc.paths['/api/v1/registered-models/{name}/versions/{version}/stage'];
    expect(stagePath.post.requestBody.content['application/json'].schema.properties).toMatchObject({
      stage: { type: 'string' },
      gate: { type: 'object', properties: { min_rouge_l: { type: 'number' } } },
      evaluation_run_id: { type: 'string' },
      override_reason: { type: 'string' },
    });
    expect(doc.paths['/api/v1/registered-models/{name}/versions/{version}/evaluations']).toHaveProperty('post');
    expect(doc.paths['/api/v1/models/resolve']).toHaveProperty('get');
    expect(Object.keys(doc.paths).some((p) => p.includes('/api/2.0/mlflow/registered-models'))).toBe(false);
  });

  describe('refuses bad input with the right status and code, changing nothing', () => {
    let name: string;
    let version: string;
    let before: unknown;

    beforeAll(async () => {
      name = `bad-${suffix()}`;
      await post(`${V1}/registered-models`, { name });
      version = await registerVersion(name, 1);
      before = (await get(`${V1}/registered-models/${enc(name)}/versions`)).body;
    });

    afterEach(async () => {
      expect((await get(`${V1}/registered-models/${enc(name)}/versions`)).body).toEqual(before);
    });

    it('unknown model and version', async () => {
      const model = await get(`${V1}/registered-models/${enc(`${name}-nope`)}`);
      expect([model.status, model.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
      const versions = await get(`${V1}/registered-models/${enc(`${name}-nope`)}/versions`);
      expect(versions.status).toBe(404);
      const v = await get(`${V1}/registered-models/${enc(name)}/versions/99`);
      expect([v.status, v.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
      const bad = await get(`${V1}/registered-models/${enc(name)}/versions/abc`);
      expect([bad.status, bad.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      const promote = await post(`${V1}/registered-models/${enc(name)}/versions/99/stage`, { stage: 'Staging' });
      expect(promote.status).toBe(404);
      const evaluation = await post(`${V1}/registered-models/${enc(name)}/versions/99/evaluations`, {
        dataset_path: heldOut,
      });
      expect([evaluation.status, evaluation.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
    });

    it('invalid stage', async () => {
      const answer = await post(`${V1}/registered-models/${enc(name)}/versions/${version}/stage`, { stage: 'Prod' });
      expect([answer.status, answer.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      const mlflow = await post(`${MLFLOW}/model-versions/transition-stage`, { name, version, stage: 'Deployed' });
      expect([mlflow.status, mlflow.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
    });

    it('bad or reserved alias', async () => {
      for (const alias of ['latest', 'v3', 'bad!alias']) {
        const answer = await put(`${V1}/registered-models/${enc(name)}/aliases/${enc(alias)}`, { version });
        expect([alias, answer.status, answer.body.error_code]).toEqual([alias, 400, 'INVALID_PARAMETER_VALUE']);
      }
      const unknownVersion = await put(`${V1}/registered-models/${enc(name)}/aliases/champion`, { version: '99' });
      expect(unknownVersion.status).toBe(404);
      expect((await get(`${MLFLOW}/registered-models/get?name=${enc(name)}`)).body.registered_model).not.toHaveProperty(
        'aliases',
      );
    });

    it('a source outside the artifact store', async () => {
      const runId = await packagedRun(`${name}-dev`, 1);
      for (const source of [
        'file:///etc/passwd',
        '/etc/passwd',
        `runs:/${runId}/../../etc`,
        `runs:/${runId}/%2e%2e/x`,
      ]) {
        const answer = await post(`${V1}/registered-models/${enc(name)}/versions`, { source, run_id: runId });
        expect([source, answer.status, answer.body.error_code]).toEqual([source, 400, 'INVALID_PARAMETER_VALUE']);
      }
    });

    it('an evaluation set with missing references (no evaluation run is created)', async () => {
      const answer = await post(`${V1}/registered-models/${enc(name)}/versions/${version}/evaluations`, {
        dataset_path: missingReference,
      });
      expect([answer.status, answer.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      expect(answer.body.message).toMatch(/2 of 3 articles have no reference summary \(ids no-ref, empty-ref\)/);
      const experiment = await get(`${MLFLOW}/experiments/get-by-name?experiment_name=${enc(`${name}-evaluation`)}`);
      expect(experiment.status).toBe(404);
      const missingFile = await post(`${V1}/registered-models/${enc(name)}/versions/${version}/evaluations`, {
        dataset_path: join(dataDir, 'nope.jsonl'),
      });
      expect(missingFile.status).toBe(404);
    });

    it('a gate policy with bad thresholds', async () => {
      const answer = await post(`${V1}/registered-models/${enc(name)}/versions/${version}/stage`, {
        stage: 'Production',
        gate: { min_rouge_l: 2 },
        evaluation_run_id: 'x',
      });
      expect([answer.status, answer.body.error_code]).toEqual([400, 'INVALID_PARAMETER_VALUE']);
      expect((await versionOf(name, version)).current_stage).toBe('None');
      // Nor is one stored: out of range, unknown keys, no threshold, not an object, an unknown model.
      for (const policy of [{ min_rouge_l: 2 }, { max_latency_p95_ms: -1 }, { min_bleu: 0.5 }, {}, 'strict', null]) {
        const stored = await put(`${V1}/registered-models/${enc(name)}/gate-policy`, { policy });
        expect([policy, stored.status, stored.body.error_code]).toEqual([policy, 400, 'INVALID_PARAMETER_VALUE']);
      }
      expect((await get(`${V1}/registered-models/${enc(name)}/gate-policy`)).body).toMatchObject({ policy: null });
      const unknown = await put(`${V1}/registered-models/no-such-${suffix()}/gate-policy`, {
        policy: { min_rouge_l: 0.1 },
      });
      expect(unknown.status).toBe(404);
    });
  });
});
