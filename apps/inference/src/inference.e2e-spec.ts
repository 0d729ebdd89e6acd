import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, INestApplicationContext, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ErrorCode,
  LlmopsError,
  ResolveArtifactRootRequest,
  ResolveArtifactRootResponse,
  ResolveArtifactLocationRequest,
  ResolveArtifactLocationResponse,
  ResolveModelUriRequest,
  ResolveModelUriResponse,
  ResourceNotFoundError,
  SUBJECTS,
  SummarizeResponse,
} from '@llmops/contract';
import { pathToFileUri } from '@llmops/artifacts';
import {
  InProcessBus,
  MessagingModule,
  NatsServerProcess,
  rejectionOf,
  RpcClient,
  startNatsServer,
  startService,
  TransportConfig,
} from '@llmops/messaging';
import { createSummarizer, loadModelPackage, saveModelPackage, Summarizer } from '@llmops/pipeline';
import { InferenceModuleOptions } from './inference.options';
import { startInference, stopInference } from './inference.bootstrap';

// This suite is about online serving: keep these replicas from pulling partition tasks off the
// shared JetStream queue (the batch worker runs in every replica and has its own suites).
process.env.BATCH_WORKER_ENABLED = 'false';

const FIXTURE = join(__dirname, '..', '..', '..', 'libs', 'pipeline', 'test-fixtures', 'tiny-random-t5');
const NEWS = join(__dirname, '..', '..', '..', 'data', 'news', 'dev.jsonl');
const suffix = () => randomBytes(4).toString('hex');

const ARTICLES: string[] = readFileSync(NEWS, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, 6)
  .map((l) => (JSON.parse(l) as { article: string }).article);

/**
 * Stands in for tracking and the registry (being written concurrently): answers where a run's
 * artifacts are, and what a `models:/` URI points to (changeable by the test).
 */
interface FakeWorld {
  artifactRoot: string;
  runs: Set<string>;
  models: Map<string, { runId: string; path: string; version: number }>;
}

function fakeUpstreamModule(world: FakeWorld) {
  @Controller()
  class FakeUpstreamController {
    @MessagePattern(SUBJECTS.tracking.artifacts.resolveRoot)
    resolveRoot(@Payload() req: ResolveArtifactRootRequest): ResolveArtifactRootResponse {
      if (!world.runs.has(req.run_id)) throw new ResourceNotFoundError(`Run '${req.run_id}' not found`);
      return {
        run_id: req.run_id,
        experiment_id: '0',
        artifact_uri: pathToFileUri(join(world.artifactRoot, req.run_id, 'artifacts')),
        served_uri: `mlflow-artifacts:/0/${req.run_id}/artifacts`,
        storage_uri: pathToFileUri(join(world.artifactRoot, req.run_id, 'artifacts')),
        lifecycle_stage: 'active',
      };
    }

    @MessagePattern(SUBJECTS.tracking.artifacts.resolveLocation)
    resolveLocation(@Payload() req: ResolveArtifactLocationRequest): ResolveArtifactLocationResponse {
      // runs:/<run>/<path> and mlflow-artifacts:/0/<run>/artifacts/<path>, as tracking resolves them.
      const m =
        /^runs:\/([^/]+)\/(.+)$/.exec(req.uri) ?? /^mlflow-artifacts:\/0\/([^/]+)\/artifacts\/(.+)$/.exec(req.uri);
      if (!m || !world.runs.has(m[1])) throw new ResourceNotFoundError(`Nothing at '${req.uri}'`);
      const root = pathToFileUri(join(world.artifactRoot, m[1], 'artifacts'));
      return {
        owner: { kind: 'run', id: m[1], experiment_id: '0' },
        lifecycle_stage: 'active',
        root_storage_uri: root,
        root_served_uri: `mlflow-artifacts:/0/${m[1]}/artifacts`,
        path: m[2],
        storage_uri: `${root}/${m[2]}`,
        served_uri: `mlflow-artifacts:/0/${m[1]}/artifacts/${m[2]}`,
      };
    }

    @MessagePattern(SUBJECTS.registry.models.resolve)
    resolve(@Payload() req: ResolveModelUriRequest): ResolveModelUriResponse {
      const target = world.models.get(req.uri);
      if (!target) throw new ResourceNotFoundError(`Registered model for '${req.uri}' not found`);
      return {
        name: req.uri.slice('models:/'.length).split(/[/@]/)[0],
        version: target.version,
        runId: target.runId,
        storageLocation: pathToFileUri(join(world.artifactRoot, target.runId, 'artifacts', target.path)),
        modelUri: req.uri,
      };
    }
  }
  @Module({ controllers: [FakeUpstreamController] })
  class FakeUpstreamModule {}
  return FakeUpstreamModule;
}

// A nats-server of this suite's own (started in beforeAll of the NATS mode): nothing else can answer.
let privateNats: NatsServerProcess | undefined;
const testNatsUrl = () => {
  if (!privateNats) throw new Error('the private nats-server is not running');
  return privateNats.url;
};
beforeAll(async () => {
  privateNats = await startNatsServer();
});
afterAll(async () => {
  await privateNats?.stop();
});

const transports: Array<[string, () => TransportConfig]> = [
  ['in-process', () => ({ kind: 'in-process', bus: new InProcessBus() })],
  ['NATS', () => ({ kind: 'nats', url: testNatsUrl() })],
];

describe.each(transports)('inference over %s', (_name, makeTransport) => {
  const runT5 = `t5${suffix()}`;
  const runExtractive = `ex${suffix()}`;
  const runNoMlmodel = `nomlmodel${suffix()}`;
  const runBadMlmodel = `badmlmodel${suffix()}`;
  const runNoOnnx = `noonnx${suffix()}`;
  const runEmpty = `empty${suffix()}`;
  const modelName = `news-${suffix()}`;
  const champion = `models:/${modelName}@champion`;

  let world: FakeWorld;
  let transport: TransportConfig;
  let upstream: INestMicroservice;
  let replicaA: INestMicroservice;
  let replicaB: INestMicroservice | undefined;
  let clientContext: INestApplicationContext;
  let client: RpcClient;
  /** The reference: the same packages loaded in this process, no service in between. */
  let localT5: Summarizer;
  let localExtractive: Summarizer;

  const options = (replicaName: string): InferenceModuleOptions => ({
    transport,
    cacheDir: join(world.artifactRoot, 'cache'),
    threads: 1,
    replicaName,
  });

  const summarize = (model_uri: string, articles: unknown[], settings?: object) =>
    client.request<SummarizeResponse>(
      SUBJECTS.inference.summarize,
      { model_uri, articles, settings },
      { timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    world = { artifactRoot: mkdtempSync(join(tmpdir(), 'llmops-inference-e2e-')), runs: new Set(), models: new Map() };
    const pkg = (run: string) => join(world.artifactRoot, run, 'artifacts', 'model');

    const t5 = await createSummarizer({ flavor: 'onnx-seq2seq', model: FIXTURE, settings: { maxNewTokens: 24 } });
    await saveModelPackage(t5, pkg(runT5), { artifactPath: 'model', runId: runT5 });
    await t5.dispose();
    const extractive = await createSummarizer({ flavor: 'extractive', settings: { maxSentences: 2 } });
    await saveModelPackage(extractive, pkg(runExtractive), { artifactPath: 'model', runId: runExtractive });

    // Corrupt packages: MLmodel missing, MLmodel not a manifest, model weights missing.
    cpSync(pkg(runExtractive), pkg(runNoMlmodel), { recursive: true });
    rmSync(join(pkg(runNoMlmodel), 'MLmodel'));
    cpSync(pkg(runExtractive), pkg(runBadMlmodel), { recursive: true });
    writeFileSync(join(pkg(runBadMlmodel), 'MLmodel'), 'flavors: [this is: not: valid\n');
    cpSync(pkg(runT5), pkg(runNoOnnx), { recursive: true });
    rmSync(join(pkg(runNoOnnx), 'model', 'onnx'), { recursive: true, force: true });
    for (const run of [runT5, runExtractive, runNoMlmodel, runBadMlmodel, runNoOnnx, runEmpty]) world.runs.add(run);
    world.models.set(champion, { runId: runT5, path: 'model', version: 1 });

    localT5 = (await loadModelPackage(pkg(runT5))).summarizer;
    localExtractive = (await loadModelPackage(pkg(runExtractive))).summarizer;

    transport = makeTransport();
    upstream = await startService(fakeUpstreamModule(world), transport, {
      queue: `fake-upstream-${suffix()}`,
      logger: false,
    });
    replicaA = await startInference(options('replica-a'), false);
    @Module({ imports: [MessagingModule.forRoot(transport)] })
    class ClientModule {}
    clientContext = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    client = clientContext.get(RpcClient);
  });

  afterAll(async () => {
    await clientContext?.close();
    if (replicaB) await replicaB.close();
    await replicaA?.close();
    await upstream?.close();
    await localT5?.dispose();
    await localExtractive?.dispose();
    if (world) rmSync(world.artifactRoot, { recursive: true, force: true });
  });

  it('serves a packaged onnx-seq2seq model by runs:/ URI with the same summaries as the in-process pipeline', async () => {
    const expected = await localT5.summarize(ARTICLES);
    const response = await summarize(`runs:/${runT5}/model`, ARTICLES);
    expect(response.results.map((r) => r.summary)).toEqual(expected.map((r) => r.summary));
    expect(response.results.map((r) => r.tokens_out)).toEqual(expected.map((r) => r.tokensOut));
    expect(response.model).toMatchObject({ model_uri: `runs:/${runT5}/model`, run_id: runT5, name: null });
    expect(response.model.storage_location).toBe(pathToFileUri(join(world.artifactRoot, runT5, 'artifacts', 'model')));
  });

  it('serves a packaged extractive model, and applies per-call settings', async () => {
    const expected = await localExtractive.summarize(ARTICLES.slice(0, 3));
    const response = await summarize(`runs:/${runExtractive}/model`, ARTICLES.slice(0, 3));
    expect(response.results.map((r) => r.summary)).toEqual(expected.map((r) => r.summary));
    const lead = await summarize(`runs:/${runExtractive}/model`, [ARTICLES[0]], { method: 'lead', maxSentences: 1 });
    const expectedLead = await localExtractive.summarize([ARTICLES[0]], { method: 'lead', maxSentences: 1 });
    expect(lead.results[0].summary).toBe(expectedLead[0].summary);
  });

  it('serves the built-in extractive baseline without a package', async () => {
    const builtin = await createSummarizer({ flavor: 'extractive' });
    const response = await summarize('extractive', [ARTICLES[1]]);
    expect(response.results[0].summary).toBe((await builtin.summarize([ARTICLES[1]]))[0].summary);
    expect(response.model).toMatchObject({ model_uri: 'extractive', run_id: null });
  });

  it('truncates an article far over the model input length and says so', async () => {
    const long = Array(40).fill(ARTICLES[0]).join(' ');
    const short = 'Heavy rain flooded the valley overnight. Hundreds of homes were evacuated.';
    const response = await summarize(`runs:/${runT5}/model`, [long, short]);
    expect(response.results.map((r) => r.truncated)).toEqual([true, false]);
    const expected = await localT5.summarize([long, short]);
    expect(response.results.map((r) => r.summary)).toEqual(expected.map((r) => r.summary));
  });

  it.each([
    ['an empty article', ErrorCode.INVALID_PARAMETER_VALUE, [''], /articles\[0\]/],
    ['a whitespace article', ErrorCode.INVALID_PARAMETER_VALUE, ['ok', '   \n'], /articles\[1\]/],
    ['a non-string article', ErrorCode.INVALID_PARAMETER_VALUE, [42], /articles\[0\] must be a string/],
    ['no articles', ErrorCode.INVALID_PARAMETER_VALUE, [], /articles/],
  ])('refuses %s with %s', async (_name, code, articles, message) => {
    const error = await rejectionOf(summarize(`runs:/${runT5}/model`, articles));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a malformed URI', ErrorCode.INVALID_PARAMETER_VALUE, () => 'runs:/only-a-run-id'],
    ['a local path (never from a remote caller)', ErrorCode.INVALID_PARAMETER_VALUE, () => FIXTURE],
    ['an unknown run', ErrorCode.RESOURCE_DOES_NOT_EXIST, () => `runs:/nosuchrun${suffix()}/model`],
    ['a run without that artifact', ErrorCode.RESOURCE_DOES_NOT_EXIST, () => `runs:/${runEmpty}/model`],
    ['an unknown registered model', ErrorCode.RESOURCE_DOES_NOT_EXIST, () => `models:/nosuchmodel${suffix()}/1`],
    ['a package without MLmodel', ErrorCode.MODEL_LOAD_FAILED, () => `runs:/${runNoMlmodel}/model`],
    ['a package with a bad MLmodel', ErrorCode.MODEL_LOAD_FAILED, () => `runs:/${runBadMlmodel}/model`],
    ['a package missing its model files', ErrorCode.MODEL_LOAD_FAILED, () => `runs:/${runNoOnnx}/model`],
  ])('answers %s with %s and keeps serving', async (_name, code, uri) => {
    const error = await rejectionOf(summarize(uri(), [ARTICLES[0]]));
    expect(error).toBeInstanceOf(LlmopsError);
    expect(error.code).toBe(code);
    const after = await summarize(`runs:/${runExtractive}/model`, [ARTICLES[0]]);
    expect(after.results).toHaveLength(1);
  });

  it('reports health and readiness', async () => {
    const health = await client.request<{ status: string; loaded_models: string[] }>(SUBJECTS.inference.health, {});
    expect(health.status).toBe('ok');
    const ready = await client.request<{ ready: boolean }>(SUBJECTS.inference.readiness, {});
    expect(ready.ready).toBe(true);
  });

  it('serves models:/ URIs and reloads when the registry moves them (every replica hears the event)', async () => {
    const before = await summarize(champion, [ARTICLES[2]]);
    expect(before.model).toMatchObject({ name: modelName, version: 1, run_id: runT5 });
    expect(before.results[0].summary).toBe((await localT5.summarize([ARTICLES[2]]))[0].summary);

    world.models.set(champion, { runId: runExtractive, path: 'model', version: 2 });
    await client.emit(SUBJECTS.registry.events.aliasSet, {
      name: modelName,
      modelUris: [champion],
      alias: 'champion',
      version: 2,
      previousVersion: 1,
      at: Date.now(),
      userId: 'test',
    });
    let after = before;
    for (let i = 0; i < 100 && after.model.version !== 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await summarize(champion, [ARTICLES[2]]);
    }
    expect(after.model).toMatchObject({ version: 2, run_id: runExtractive });
    expect(after.results[0].summary).toBe((await localExtractive.summarize([ARTICLES[2]]))[0].summary);
  });

  it('shares a stream of requests between two replicas, and loses none when one is closed mid-stream', async () => {
    replicaB = await startInference(options('replica-b'), false);
    const uri = `runs:/${runT5}/model`;
    const expected = (await localT5.summarize(ARTICLES)).map((r) => r.summary);
    const servedBy = new Map<string, number>();
    const retryable = new Set<string>([ErrorCode.TEMPORARILY_UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED]);

    const call = async (i: number): Promise<string> => {
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await client.request<SummarizeResponse>(
            SUBJECTS.inference.summarize,
            { model_uri: uri, articles: [ARTICLES[i % ARTICLES.length]] },
            { timeoutMs: 5_000 },
          );
          servedBy.set(response.replica, (servedBy.get(response.replica) ?? 0) + 1);
          return response.results[0].summary;
        } catch (error) {
          if (!(error instanceof LlmopsError) || !retryable.has(error.code) || attempt >= 20) throw error;
        }
      }
    };

    // Phase 1: both replicas up; a steady stream of 4 concurrent callers.
    const first = await runStream(24, 4, call);
    expect(first).toEqual(Array.from({ length: 24 }, (_, i) => expected[i % ARTICLES.length]));
    expect(servedBy.get('replica-a') ?? 0).toBeGreaterThan(0);
    expect(servedBy.get('replica-b') ?? 0).toBeGreaterThan(0);

    // Phase 2: replica B is closed while the stream runs; every request still gets its answer.
    servedBy.clear();
    let closed: Promise<void> | undefined;
    const second = await runStream(24, 4, async (i) => {
      if (i === 6) closed = stopInference(replicaB as INestMicroservice);
      return call(i);
    });
    await closed;
    replicaB = undefined;
    expect(second).toEqual(Array.from({ length: 24 }, (_, i) => expected[i % ARTICLES.length]));
    expect(servedBy.get('replica-a') ?? 0).toBeGreaterThan(0);
  });
});

/** Runs `count` calls with `concurrency` callers; results in call order. */
async function runStream<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fn(i);
      }
    }),
  );
  return results;
}
