import { randomUUID } from 'node:crypto';
import { Controller, INestApplicationContext, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { NEVER } from 'rxjs';
import {
  ErrorCode,
  GetRunRequest,
  ListModelHistoryResponse,
  ModelHistoryAtResponse,
  ModelVersionLineageResponse,
  ModelVersionResponse,
  ModelVersionsResponse,
  RegisteredModelResponse,
  ResolveArtifactRootRequest,
  ResolveArtifactLocationRequest,
  ResolvedModel,
  ResourceNotFoundError,
  RPC_HEADERS,
  RunView,
  SearchModelVersionsResponse,
  SearchRegisteredModelsResponse,
  SUBJECTS,
  TransitionModelVersionStageResponse,
} from '@llmops/contract';
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
import { REGISTRY_QUEUE, RegistryModule } from './index';

// The shared test services (see libs/persistence/src/testing/test-database.ts); missing ones fail.
const testPostgresUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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

// ---------------------------------------------------------------------------------------------
// A fake tracking service: the real one is built concurrently; this answers the two subjects the
// registry calls, with the wire shapes of libs/contract/src/tracking.

const runs = new Map<string, RunView>();

function addRun(runId: string): string {
  const artifactUri = `file:///data/artifacts/7/${runId}/artifacts`;
  runs.set(runId, {
    info: {
      run_id: runId,
      run_uuid: runId,
      run_name: `dev-${runId}`,
      experiment_id: '7',
      user_id: 'alice',
      status: 'FINISHED',
      start_time: 1000,
      end_time: 2000,
      artifact_uri: artifactUri,
      lifecycle_stage: 'active',
    },
    data: {
      params: [{ key: 'max_new_tokens', value: '60' }],
      metrics: [{ key: 'rougeL', value: 0.31, timestamp: 1500, step: 0 }],
      tags: [{ key: 'mlflow.runName', value: `dev-${runId}` }],
    },
    inputs: {
      dataset_inputs: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'evaluation' }],
          dataset: { name: 'news', digest: 'd1g3st', source_type: 'local', source: '{"uri":"data/news"}' },
        },
      ],
    },
  });
  return artifactUri;
}

/** Suffixes of the runs this file made up: other suites share the NATS server (and its subjects). */
const ourSuffixes = new Set<string>();
const isOurs = (runId: string) => [...ourSuffixes].some((s) => runId.includes(s));

/**
 * Answers only for this file's runs; for anyone else's it stays silent (an observable that never
 * emits sends no reply), so that a real tracking service on the shared NATS answers them instead.
 */
@Controller()
class FakeTrackingController {
  @MessagePattern(SUBJECTS.tracking.runs.get)
  get(@Payload() req: GetRunRequest) {
    if (!isOurs(req.run_id)) return NEVER;
    const run = runs.get(req.run_id);
    if (!run) throw new ResourceNotFoundError(`Run '${req.run_id}' not found`);
    return { run };
  }

  @MessagePattern(SUBJECTS.tracking.artifacts.resolveRoot)
  resolveRoot(@Payload() req: ResolveArtifactRootRequest) {
    if (!isOurs(req.run_id)) return NEVER;
    const run = runs.get(req.run_id);
    if (!run) throw new ResourceNotFoundError(`Run '${req.run_id}' not found`);
    return {
      run_id: run.info.run_id,
      experiment_id: run.info.experiment_id,
      artifact_uri: run.info.artifact_uri,
      served_uri: servedRoot(run.info.run_id),
      storage_uri: run.info.artifact_uri,
      lifecycle_stage: run.info.lifecycle_stage,
    };
  }

  /** runs:/<run>/<path> and the proxy's paths of this file's runs, as tracking resolves them. */
  @MessagePattern(SUBJECTS.tracking.artifacts.resolveLocation)
  resolveLocation(@Payload() req: ResolveArtifactLocationRequest) {
    const m =
      /^runs:\/([^/]+)\/(.+)$/.exec(req.uri) ?? /^mlflow-artifacts:\/7\/([^/]+)\/artifacts\/(.+)$/.exec(req.uri);
    if (!m || !isOurs(m[1])) return NEVER;
    const run = runs.get(m[1]);
    if (!run) throw new ResourceNotFoundError(`Run '${m[1]}' not found`);
    return {
      owner: { kind: 'run', id: m[1], experiment_id: '7' },
      lifecycle_stage: run.info.lifecycle_stage,
      root_storage_uri: run.info.artifact_uri,
      root_served_uri: servedRoot(m[1]),
      path: m[2],
      storage_uri: `${run.info.artifact_uri}/${m[2]}`,
      served_uri: `${servedRoot(m[1])}/${m[2]}`,
    };
  }
}

const servedRoot = (runId: string) => `mlflow-artifacts:/7/${runId}/artifacts`;

@Module({ controllers: [FakeTrackingController] })
class FakeTrackingModule {}

// Every registry event this process receives.
const received: Array<{ subject: string; payload: Record<string, unknown> }> = [];

@Controller()
class EventCollector {
  @EventPattern(SUBJECTS.registry.events.versionCreated, { queue: '' })
  versionCreated(@Payload() p: Record<string, unknown>) {
    received.push({ subject: SUBJECTS.registry.events.versionCreated, payload: p });
  }

  @EventPattern(SUBJECTS.registry.events.stageChanged, { queue: '' })
  stageChanged(@Payload() p: Record<string, unknown>) {
    received.push({ subject: SUBJECTS.registry.events.stageChanged, payload: p });
  }

  @EventPattern(SUBJECTS.registry.events.aliasSet, { queue: '' })
  aliasSet(@Payload() p: Record<string, unknown>) {
    received.push({ subject: SUBJECTS.registry.events.aliasSet, payload: p });
  }

  @EventPattern(SUBJECTS.registry.events.aliasDeleted, { queue: '' })
  aliasDeleted(@Payload() p: Record<string, unknown>) {
    received.push({ subject: SUBJECTS.registry.events.aliasDeleted, payload: p });
  }

  @EventPattern(SUBJECTS.registry.events.modelDeleted, { queue: '' })
  modelDeleted(@Payload() p: Record<string, unknown>) {
    received.push({ subject: SUBJECTS.registry.events.modelDeleted, payload: p });
  }
}

@Module({ controllers: [EventCollector] })
class EventCollectorModule {}

/** Waits (bounded) until an event matching `match` arrived; events are asynchronous by nature. */
async function eventually(match: (e: (typeof received)[number]) => boolean) {
  for (let i = 0; i < 200 && !received.some(match); i++) await new Promise((r) => setTimeout(r, 25));
  return received.filter(match);
}

const pause = () => new Promise((r) => setTimeout(r, 5));

const setups: Array<[string, () => { transport: TransportConfig; databaseUrl: string }]> = [
  ['NATS + PostgreSQL', () => ({ transport: { kind: 'nats', url: testNatsUrl() }, databaseUrl: testPostgresUrl() })],
  [
    'in-process + PGlite',
    () => ({ transport: { kind: 'in-process', bus: new InProcessBus() }, databaseUrl: 'pglite://memory' }),
  ],
];

describe.each(setups)('registry over %s', (_label, setup) => {
  const suffix = randomUUID().slice(0, 8);
  ourSuffixes.add(suffix);
  const model = `summarizer-${suffix}`;
  const runId = `run${suffix}`;
  const artifactRoot = addRun(runId);
  let registry: INestMicroservice;
  let tracking: INestMicroservice | undefined;
  let collector: INestMicroservice;
  let clientContext: INestApplicationContext;
  let client: RpcClient;

  const call = <T>(subject: string, payload: object, caller?: string) =>
    client.request<T>(subject, payload, caller ? { headers: { [RPC_HEADERS.caller]: caller } } : undefined);
  const versionsOf = async (name: string) =>
    (
      await call<SearchModelVersionsResponse>(SUBJECTS.registry.versions.search, {
        filter: `name = '${name}'`,
        max_results: 1000,
      })
    ).model_versions;
  const createVersion = (name: string, source = `runs:/${runId}/model`, extra: object = {}) =>
    call<ModelVersionResponse>(SUBJECTS.registry.versions.create, { name, source, ...extra });

  beforeAll(async () => {
    const { transport, databaseUrl } = setup();
    tracking = await startService(FakeTrackingModule, transport, { queue: `tracking-fake-${suffix}`, logger: false });
    collector = await startService(EventCollectorModule, transport, { queue: `collector-${suffix}`, logger: false });
    registry = await startService(RegistryModule.forRoot({ databaseUrl, transport }), transport, {
      queue: REGISTRY_QUEUE,
      logger: false,
    });
    @Module({ imports: [MessagingModule.forRoot(transport)] })
    class ClientModule {}
    clientContext = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    client = clientContext.get(RpcClient);
  });

  afterAll(async () => {
    await clientContext?.close();
    await registry?.close();
    await collector?.close();
    await tracking?.close();
  });

  it('answers health after checking its database', async () => {
    await expect(call(SUBJECTS.registry.health, {})).resolves.toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('creates, finds, searches, renames, describes and tags registered models', async () => {
    const created = await call<RegisteredModelResponse>(
      SUBJECTS.registry.models.create,
      { name: model, description: 'news summaries', tags: [{ key: 'team', value: 'nlp' }] },
      JSON.stringify({ user_id: 'carol' }),
    );
    expect(created.registered_model).toMatchObject({
      name: model,
      description: 'news summaries',
      user_id: 'carol',
      tags: [{ key: 'team', value: 'nlp' }],
      latest_versions: [],
      aliases: [],
    });
    const dup = await rejectionOf(call(SUBJECTS.registry.models.create, { name: model }));
    expect(dup.code).toBe(ErrorCode.RESOURCE_ALREADY_EXISTS);

    for (const n of ['b', 'a', 'c']) await call(SUBJECTS.registry.models.create, { name: `other-${suffix}-${n}` });
    const like = await call<SearchRegisteredModelsResponse>(SUBJECTS.registry.models.search, {
      filter: `name LIKE '%${suffix}%'`,
      order_by: ['name DESC'],
      max_results: 2,
    });
    expect(like.registered_models.map((m) => m.name)).toEqual([model, `other-${suffix}-c`]);
    const page2 = await call<SearchRegisteredModelsResponse>(SUBJECTS.registry.models.search, {
      filter: `name LIKE '%${suffix}%'`,
      order_by: ['name DESC'],
      max_results: 2,
      page_token: like.next_page_token,
    });
    expect(page2.registered_models.map((m) => m.name)).toEqual([`other-${suffix}-b`, `other-${suffix}-a`]);
    expect(page2.next_page_token).toBeUndefined();
    const exact = await call<SearchRegisteredModelsResponse>(SUBJECTS.registry.models.search, {
      filter: `name = '${model}' AND tags.team = 'nlp'`,
    });
    expect(exact.registered_models.map((m) => m.name)).toEqual([model]);
    const badFilter = await rejectionOf(call(SUBJECTS.registry.models.search, { filter: "name = 'x' OR 1=1" }));
    expect(badFilter.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);

    const renamed = await call<RegisteredModelResponse>(SUBJECTS.registry.models.rename, {
      name: `other-${suffix}-a`,
      new_name: `other-${suffix}-z`,
    });
    expect(renamed.registered_model.name).toBe(`other-${suffix}-z`);
    const clash = await rejectionOf(
      call(SUBJECTS.registry.models.rename, { name: `other-${suffix}-b`, new_name: `other-${suffix}-c` }),
    );
    expect(clash.code).toBe(ErrorCode.RESOURCE_ALREADY_EXISTS);

    await call(SUBJECTS.registry.models.update, { name: model, description: 'v2 description' });
    await call(SUBJECTS.registry.models.setTag, { name: model, key: 'owner', value: 'carol' });
    await call(SUBJECTS.registry.models.deleteTag, { name: model, key: 'team' });
    const got = await call<RegisteredModelResponse>(SUBJECTS.registry.models.get, { name: model });
    expect(got.registered_model).toMatchObject({
      description: 'v2 description',
      tags: [{ key: 'owner', value: 'carol' }],
    });
    const missing = await rejectionOf(call(SUBJECTS.registry.models.get, { name: `ghost-${suffix}` }));
    expect(missing.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('creates versions from runs:/ URIs and from the run artifact location, storing the concrete location', async () => {
    const v1 = (
      await createVersion(model, `runs:/${runId}/model`, { description: 'first', tags: [{ key: 'k', value: 'v' }] })
    ).model_version;
    const v2 = (await createVersion(model, `${artifactRoot}/model`, { run_id: runId })).model_version;
    expect(v1).toMatchObject({
      name: model,
      version: '1',
      current_stage: 'None',
      source: `runs:/${runId}/model`,
      run_id: runId,
      storage_location: `${servedRoot(runId)}/model`,
      description: 'first',
      tags: [{ key: 'k', value: 'v' }],
      status: 'READY',
      user_id: 'anonymous',
    });
    expect(v2).toMatchObject({ version: '2', storage_location: `${servedRoot(runId)}/model`, run_id: runId });

    const byRun = await call<SearchModelVersionsResponse>(SUBJECTS.registry.versions.search, {
      filter: `run_id = '${runId}' AND name = '${model}'`,
    });
    expect(byRun.model_versions.map((v) => v.version)).toEqual(['2', '1']);
    await call(SUBJECTS.registry.versions.update, { name: model, version: '2', description: 'second' });
    await call(SUBJECTS.registry.versions.setTag, { name: model, version: 2, key: 'rouge', value: '0.3' });
    const got = await call<ModelVersionResponse>(SUBJECTS.registry.versions.get, { name: model, version: '2' });
    expect(got.model_version).toMatchObject({ description: 'second', tags: [{ key: 'rouge', value: '0.3' }] });
    await call(SUBJECTS.registry.versions.deleteTag, { name: model, version: '2', key: 'rouge' });
    expect(
      (await call<ModelVersionResponse>(SUBJECTS.registry.versions.get, { name: model, version: '2' })).model_version
        .tags,
    ).toEqual([]);

    const created = await eventually(
      (e) =>
        e.subject === SUBJECTS.registry.events.versionCreated && e.payload.name === model && e.payload.version === 2,
    );
    expect(created[0].payload).toMatchObject({
      runId,
      storageLocation: `${servedRoot(runId)}/model`,
      modelUris: expect.arrayContaining([`models:/${model}/2`, `models:/${model}/latest`]),
    });
  });

  it.each([
    ['/etc', runId],
    ['/etc/passwd', undefined],
    ['file:///tmp/x', runId],
    ['../model', runId],
    ['runs:/RUN/../../etc', undefined],
    ['runs:/RUN/%2e%2e/%2e%2e/etc', undefined],
    ['runs:/RUN/%252e%252e/etc', undefined],
    [`ROOT/%2e%2e/%2e%2e/other`, runId],
    [`ROOT/../../other`, runId],
    ['s3://bucket/model', runId],
    ['http://example.com/model', runId],
  ])('refuses source %s and creates nothing', async (rawSource, givenRunId) => {
    const source = rawSource.replace('RUN', runId).replace('ROOT', artifactRoot);
    const before = await versionsOf(model);
    const error = await rejectionOf(createVersion(model, source, givenRunId ? { run_id: givenRunId } : {}));
    expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(await versionsOf(model)).toEqual(before);
  });

  it('refuses versions of unknown models and unknown runs', async () => {
    expect((await rejectionOf(createVersion(`ghost-${suffix}`))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    const before = await versionsOf(model);
    expect((await rejectionOf(createVersion(model, `runs:/nosuchrun${suffix}/model`))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    expect((await rejectionOf(call(SUBJECTS.registry.versions.get, { name: model, version: '99' }))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    expect(await versionsOf(model)).toEqual(before);
  });

  it('transitions stages, archives existing versions, records history, and answers history.at', async () => {
    const caller = JSON.stringify({ user_id: 'dave' });
    await pause();
    const first = await call<TransitionModelVersionStageResponse>(
      SUBJECTS.registry.versions.transitionStage,
      // The promotion gate (gate/) guards Production; these tests exercise the registry itself.
      { name: model, version: '1', stage: 'production', reason: 'first release', override: true },
      caller,
    );
    expect(first.model_version.current_stage).toBe('Production');
    await pause();
    const second = await call<TransitionModelVersionStageResponse>(
      SUBJECTS.registry.versions.transitionStage,
      {
        name: model,
        version: '2',
        stage: 'Production',
        archive_existing_versions: true,
        reason: 'better ROUGE',
        evaluation: { run_id: 'eval-run', rougeL: 0.35, decision: 'pass' },
        override: true,
      },
      caller,
    );
    expect(second).toMatchObject({
      model_version: { version: '2', current_stage: 'Production' },
      archived_versions: ['1'],
    });

    const latest = await call<ModelVersionsResponse>(SUBJECTS.registry.models.getLatestVersions, {
      name: model,
      stages: ['Production', 'archived'],
    });
    expect(latest.model_versions.map((v) => [v.version, v.current_stage])).toEqual([
      ['1', 'Archived'],
      ['2', 'Production'],
    ]);

    const { entries } = await call<ListModelHistoryResponse>(SUBJECTS.registry.history.list, { name: model });
    expect(entries.map((e) => [e.version, e.from_stage, e.to_stage, e.user_id])).toEqual([
      ['1', 'None', 'Production', 'dave'],
      ['2', 'None', 'Production', 'dave'],
      ['1', 'Production', 'Archived', 'dave'],
    ]);
    expect(entries[1]).toMatchObject({
      reason: 'better ROUGE',
      evaluation_run_id: 'eval-run',
      evaluation: { run_id: 'eval-run', rougeL: 0.35, decision: 'pass' },
      override: true,
    });
    const t1 = entries[0].timestamp;
    const t2 = entries[1].timestamp;
    expect(t2).toBeGreaterThan(t1);
    const at = (t: number) =>
      call<ModelHistoryAtResponse>(SUBJECTS.registry.history.at, { name: model, stage: 'Production', at: t });
    expect((await at(t1 - 1)).version).toBeNull();
    expect((await at(t1)).version).toBe('1');
    expect((await at(t2 - 1)).version).toBe('1');
    expect(await at(t2)).toMatchObject({ version: '2', versions: ['2'] });

    const changed = await eventually(
      (e) =>
        e.subject === SUBJECTS.registry.events.stageChanged &&
        e.payload.name === model &&
        e.payload.toStage === 'Archived',
    );
    expect(changed[0].payload).toMatchObject({ version: 1, fromStage: 'Production', archivedBy: 2 });
  });

  it('refuses invalid stages and unknown versions without changing anything', async () => {
    const before = await versionsOf(model);
    const history = await call<ListModelHistoryResponse>(SUBJECTS.registry.history.list, { name: model });
    for (const [payload, code] of [
      [{ version: '2', stage: 'Prod' }, ErrorCode.INVALID_PARAMETER_VALUE],
      [{ version: '2', stage: 'Archived', archive_existing_versions: true }, ErrorCode.INVALID_PARAMETER_VALUE],
      [{ version: '42', stage: 'Staging' }, ErrorCode.RESOURCE_DOES_NOT_EXIST],
      [{ version: 'one', stage: 'Staging' }, ErrorCode.INVALID_PARAMETER_VALUE],
    ] as const) {
      const error = await rejectionOf(call(SUBJECTS.registry.versions.transitionStage, { name: model, ...payload }));
      expect(error.code).toBe(code);
    }
    expect(await versionsOf(model)).toEqual(before);
    expect(await call(SUBJECTS.registry.history.list, { name: model })).toEqual(history);
  });

  it('sets, moves and deletes aliases; refuses reserved and malformed ones', async () => {
    const set1 = await call(SUBJECTS.registry.aliases.set, { name: model, alias: 'champion', version: '1' });
    expect(set1).toEqual({ name: model, alias: 'champion', version: '1', previous_version: null });
    await pause();
    const set2 = await call(SUBJECTS.registry.aliases.set, { name: model, alias: 'champion', version: '2' });
    expect(set2).toMatchObject({ previous_version: '1' });
    await call(SUBJECTS.registry.aliases.set, { name: model, alias: 'challenger', version: '1' });
    const byAlias = await call<ModelVersionResponse>(SUBJECTS.registry.aliases.get, { name: model, alias: 'champion' });
    expect(byAlias.model_version).toMatchObject({ version: '2', aliases: ['champion'] });

    const before = (await call<RegisteredModelResponse>(SUBJECTS.registry.models.get, { name: model }))
      .registered_model;
    expect(before.aliases).toEqual([
      { alias: 'challenger', version: '1' },
      { alias: 'champion', version: '2' },
    ]);
    for (const alias of ['latest', 'Latest', 'v1', 'V12', 'has space', 'a/b', 'x'.repeat(256)]) {
      const error = await rejectionOf(call(SUBJECTS.registry.aliases.set, { name: model, alias, version: '1' }));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    expect(
      (await rejectionOf(call(SUBJECTS.registry.aliases.set, { name: model, alias: 'ok', version: '77' }))).code,
    ).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    const after = (await call<RegisteredModelResponse>(SUBJECTS.registry.models.get, { name: model })).registered_model;
    expect(after.aliases).toEqual(before.aliases);

    const { entries } = await call<ListModelHistoryResponse>(SUBJECTS.registry.history.list, { name: model });
    const aliasEntries = entries.filter((e) => e.alias === 'champion');
    expect(aliasEntries.map((e) => [e.action, e.version, e.previous_version])).toEqual([
      ['alias_set', '1', null],
      ['alias_set', '2', '1'],
    ]);
    const held = (t: number) =>
      call<ModelHistoryAtResponse>(SUBJECTS.registry.history.at, { name: model, alias: 'champion', at: t });
    expect((await held(aliasEntries[0].timestamp - 1)).version).toBeNull();
    expect((await held(aliasEntries[0].timestamp)).version).toBe('1');
    expect((await held(aliasEntries[1].timestamp)).version).toBe('2');

    await call(SUBJECTS.registry.aliases.delete, { name: model, alias: 'challenger' });
    expect((await rejectionOf(call(SUBJECTS.registry.aliases.get, { name: model, alias: 'challenger' }))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    const aliasEvents = await eventually(
      (e) =>
        (e.subject === SUBJECTS.registry.events.aliasSet || e.subject === SUBJECTS.registry.events.aliasDeleted) &&
        e.payload.name === model,
    );
    expect(aliasEvents.map((e) => [e.subject, e.payload.alias])).toEqual(
      expect.arrayContaining([
        [SUBJECTS.registry.events.aliasSet, 'champion'],
        [SUBJECTS.registry.events.aliasDeleted, 'challenger'],
      ]),
    );
  });

  it('resolves models:/ and runs:/ URIs to concrete locations', async () => {
    const resolve = (uri: string) => call<ResolvedModel>(SUBJECTS.registry.models.resolve, { uri });
    const expected = (version: number, uri: string) => ({
      name: model,
      version,
      storageLocation: `${servedRoot(runId)}/model`,
      runId,
      modelUri: uri,
    });
    await expect(resolve(`models:/${model}/1`)).resolves.toEqual(expected(1, `models:/${model}/1`));
    await expect(resolve(`models:/${model}/Production`)).resolves.toEqual(expected(2, `models:/${model}/Production`));
    await expect(resolve(`models:/${model}@champion`)).resolves.toEqual(expected(2, `models:/${model}@champion`));
    await expect(resolve(`runs:/${runId}/model`)).resolves.toEqual({
      name: null,
      version: null,
      storageLocation: `${servedRoot(runId)}/model`,
      runId,
      modelUri: `runs:/${runId}/model`,
    });
    for (const [uri, code] of [
      [`models:/${model}/Staging`, ErrorCode.RESOURCE_DOES_NOT_EXIST],
      [`models:/${model}@nobody`, ErrorCode.RESOURCE_DOES_NOT_EXIST],
      [`models:/${model}/Prod`, ErrorCode.INVALID_PARAMETER_VALUE],
      [`runs:/${runId}/%2e%2e/x`, ErrorCode.INVALID_PARAMETER_VALUE],
      ['file:///etc/passwd', ErrorCode.INVALID_PARAMETER_VALUE],
    ] as const) {
      expect((await rejectionOf(resolve(uri))).code).toBe(code);
    }
  });

  it("assembles a version's lineage from tracking", async () => {
    const lineage = await call<ModelVersionLineageResponse>(SUBJECTS.registry.versions.getLineage, {
      name: model,
      version: '1',
    });
    expect(lineage).toMatchObject({
      name: model,
      version: '1',
      run_id: runId,
      storage_location: `${servedRoot(runId)}/model`,
      run: { run_id: runId, run_name: `dev-${runId}`, experiment_id: '7', status: 'FINISHED' },
      params: [{ key: 'max_new_tokens', value: '60' }],
      metrics: [{ key: 'rougeL', value: 0.31, timestamp: 1500, step: 0 }],
      datasets: [{ name: 'news', digest: 'd1g3st', source_type: 'local', context: 'evaluation' }],
    });
  });

  it('numbers twenty concurrent version creations 1..20', async () => {
    const name = `concurrent-${suffix}`;
    await call(SUBJECTS.registry.models.create, { name });
    const created = await Promise.all(Array.from({ length: 20 }, () => createVersion(name)));
    const numbers = created.map((c) => Number(c.model_version.version)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await versionsOf(name)).map((v) => Number(v.version)).sort((a, b) => a - b)).toEqual(numbers);
  });

  it('ends two simultaneous promotions to Production with exactly one version there, as history says', async () => {
    const name = `race-${suffix}`;
    await call(SUBJECTS.registry.models.create, { name });
    for (let i = 0; i < 3; i++) await createVersion(name);
    const override = { override: true, reason: 'race test' };
    await call(SUBJECTS.registry.versions.transitionStage, { name, version: '3', stage: 'Production', ...override });
    await Promise.all(
      ['1', '2'].map((version) =>
        call(SUBJECTS.registry.versions.transitionStage, {
          name,
          version,
          stage: 'Production',
          archive_existing_versions: true,
          ...override,
        }),
      ),
    );
    const versions = await versionsOf(name);
    const production = versions.filter((v) => v.current_stage === 'Production');
    expect(production).toHaveLength(1);
    expect(
      versions
        .filter((v) => v.current_stage === 'Archived')
        .map((v) => v.version)
        .sort(),
    ).toEqual(['1', '2', '3'].filter((v) => v !== production[0].version));
    const { entries } = await call<ListModelHistoryResponse>(SUBJECTS.registry.history.list, { name });
    // Replaying the history gives the same answer: the last version moved to Production holds it.
    const lastPromotion = [...entries].reverse().find((e) => e.to_stage === 'Production');
    expect(lastPromotion?.version).toBe(production[0].version);
    const now = await call<ModelHistoryAtResponse>(SUBJECTS.registry.history.at, {
      name,
      stage: 'Production',
      at: entries[entries.length - 1].timestamp,
    });
    expect(now.versions).toEqual([production[0].version]);
  });

  it('deletes a version and then the model, publishing the affected URIs', async () => {
    await call(SUBJECTS.registry.versions.delete, { name: model, version: '1' });
    expect((await rejectionOf(call(SUBJECTS.registry.versions.get, { name: model, version: '1' }))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    await call(SUBJECTS.registry.models.delete, { name: model });
    expect((await rejectionOf(call(SUBJECTS.registry.models.get, { name: model }))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
    expect(await versionsOf(model)).toEqual([]);
    const deleted = await eventually(
      (e) => e.subject === SUBJECTS.registry.events.modelDeleted && e.payload.name === model,
    );
    expect(deleted[0].payload).toMatchObject({
      versions: [2],
      modelUris: expect.arrayContaining([
        `models:/${model}/2`,
        `models:/${model}/Production`,
        `models:/${model}@champion`,
      ]),
    });
  });

  it('fails with TEMPORARILY_UNAVAILABLE and creates nothing when tracking is down', async () => {
    const name = `offline-${suffix}`;
    await call(SUBJECTS.registry.models.create, { name });
    await tracking?.close();
    tracking = undefined;
    const error = await rejectionOf(createVersion(name));
    expect(error.code).toBe(ErrorCode.TEMPORARILY_UNAVAILABLE);
    expect(await versionsOf(name)).toEqual([]);
  });
});
