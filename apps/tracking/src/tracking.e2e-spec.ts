import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INestApplicationContext, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CreateExperimentResponse,
  ErrorCode,
  ExportPredictionsResponse,
  GetExperimentResponse,
  GetMetricHistoryResponse,
  ListArtifactsResponse,
  ListPredictionsResponse,
  LogPredictionsResponse,
  ResolveArtifactRootResponse,
  ResolveArtifactLocationResponse,
  RunResponse,
  RunView,
  SearchExperimentsResponse,
  SearchRunsResponse,
  SUBJECTS,
  UpdateRunResponse,
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
import { DataSource } from 'typeorm';
import { TRACKING_DATA_SOURCE, TRACKING_QUEUE, TrackingModule } from './tracking.module';

const S = SUBJECTS.tracking;

// As libs/persistence/src/testing/test-database.ts (not exported from the lib's index).
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

interface Mode {
  transport: () => TransportConfig;
  databaseUrl: (dir: string) => string;
}

const modes: Array<[string, Mode]> = [
  [
    'NATS + PostgreSQL',
    { transport: () => ({ kind: 'nats', url: testNatsUrl() }), databaseUrl: () => testPostgresUrl() },
  ],
  [
    'in-process + PGlite',
    {
      transport: () => ({ kind: 'in-process', bus: new InProcessBus() }),
      databaseUrl: (dir) => `pglite://${join(dir, 'db')}`,
    },
  ],
];

const suffix = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

describe.each(modes)('tracking service over %s', (_name, mode) => {
  let dir: string;
  let artifactRoot: string;
  let transport: TransportConfig;
  let service: INestMicroservice;
  let clientContext: INestApplicationContext;
  let client: RpcClient;

  const call = <T = unknown>(subject: string, payload: unknown) => client.request<T>(subject, payload);

  async function startTracking() {
    return startService(TrackingModule.forRoot({ databaseUrl: mode.databaseUrl(dir), artifactRoot }), transport, {
      queue: TRACKING_QUEUE,
      logger: false,
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-tracking-e2e-'));
    artifactRoot = pathToFileURL(join(dir, 'artifacts')).href;
    transport = mode.transport();
    service = await startTracking();
    @Module({ imports: [MessagingModule.forRoot(transport)] })
    class ClientModule {}
    clientContext = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    client = clientContext.get(RpcClient);
    await untilServing();
  });

  afterAll(async () => {
    await clientContext?.close();
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function createExperiment(prefix = 'exp') {
    const name = `${prefix}-${suffix()}`;
    const { experiment_id } = await call<CreateExperimentResponse>(S.experiments.create, { name });
    return { id: experiment_id, name };
  }

  async function createRun(experimentId: string, extra: Record<string, unknown> = {}) {
    return (await call<RunResponse>(S.runs.create, { experiment_id: experimentId, ...extra })).run;
  }

  /**
   * On NATS, startService can resolve before the server has seen the new subscriptions (another
   * connection), so a request right after a restart may meet "no responders": wait for health.
   */
  async function untilServing() {
    for (let attempt = 0; ; attempt++) {
      const answer: { code?: string } | undefined = await call<{ code?: string }>(S.health, {}).catch((e) => e);
      if (answer?.code !== ErrorCode.TEMPORARILY_UNAVAILABLE || attempt >= 100) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const getRun = async (runId: string) => (await call<RunResponse>(S.runs.get, { run_id: runId })).run;
  const byKey = <T extends { key: string }>(items: T[]) => Object.fromEntries(items.map((i) => [i.key, i]));

  it('answers health after checking its database', async () => {
    await expect(call(S.health, {})).resolves.toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('has the Default experiment "0"', async () => {
    const { experiment } = await call<GetExperimentResponse>(S.experiments.get, { experiment_id: '0' });
    expect(experiment).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
    expect(experiment.artifact_location).toBe('mlflow-artifacts:/0');
  });

  describe('experiments', () => {
    it('creates, gets by id and name, renames, tags, deletes and restores', async () => {
      const { id, name } = await createExperiment();
      expect(id).toMatch(/^\d+$/);
      const { experiment } = await call<GetExperimentResponse>(S.experiments.get, { experiment_id: id });
      expect(experiment).toMatchObject({
        name,
        lifecycle_stage: 'active',
        artifact_location: `mlflow-artifacts:/${id}`,
      });
      await expect(
        call<GetExperimentResponse>(S.experiments.getByName, { experiment_name: name }),
      ).resolves.toMatchObject({ experiment: { experiment_id: id } });

      const error = await rejectionOf(call(S.experiments.create, { name }));
      expect(error.code).toBe(ErrorCode.RESOURCE_ALREADY_EXISTS);

      const renamed = `${name}-renamed`;
      await call(S.experiments.update, { experiment_id: id, new_name: renamed });
      await call(S.experiments.setTag, { experiment_id: id, key: 'team', value: 'nlp' });
      await call(S.experiments.setTag, { experiment_id: id, key: 'team', value: 'summarization' });
      const after = (await call<GetExperimentResponse>(S.experiments.get, { experiment_id: id })).experiment;
      expect(after.name).toBe(renamed);
      expect(after.tags).toEqual([{ key: 'team', value: 'summarization' }]);
      await call(S.experiments.setTag, { experiment_id: id, key: 'tmp', value: 'x' });
      await call(S.experiments.deleteTag, { experiment_id: id, key: 'tmp' });
      const missingTag = await rejectionOf(call(S.experiments.deleteTag, { experiment_id: id, key: 'tmp' }));
      expect(missingTag.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);

      const search = await call<SearchExperimentsResponse>(S.experiments.search, {
        filter: `name = '${renamed}' and tags.team = 'summarization'`,
      });
      expect(search.experiments.map((e) => e.experiment_id)).toEqual([id]);

      await call(S.experiments.delete, { experiment_id: id });
      const active = await call<SearchExperimentsResponse>(S.experiments.search, { filter: `name = '${renamed}'` });
      expect(active.experiments).toEqual([]);
      const deleted = await call<SearchExperimentsResponse>(S.experiments.search, {
        filter: `name = '${renamed}'`,
        view_type: 'DELETED_ONLY',
      });
      expect(deleted.experiments.map((e) => e.lifecycle_stage)).toEqual(['deleted']);
      const refused = await rejectionOf(createRun(id));
      expect(refused.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
      expect(refused.message).toMatch(/must be in the 'active' state/);

      await call(S.experiments.restore, { experiment_id: id });
      await expect(createRun(id)).resolves.toMatchObject({ info: { experiment_id: id } });
    });

    it('pages experiment search with an opaque token', async () => {
      const prefix = `page-${suffix()}`;
      for (let i = 0; i < 3; i++) await createExperiment(prefix);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page: SearchExperimentsResponse = await call(S.experiments.search, {
          filter: `name LIKE '${prefix}%'`,
          order_by: ['name ASC'],
          max_results: 2,
          ...(token ? { page_token: token } : {}),
        });
        seen.push(...page.experiments.map((e) => e.name));
        token = page.next_page_token;
      } while (token);
      expect(seen).toHaveLength(3);
      expect([...seen].sort()).toEqual(seen);
    });

    it('refuses to delete the Default experiment', async () => {
      const error = await rejectionOf(call(S.experiments.delete, { experiment_id: '0' }));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    });
  });

  describe('runs', () => {
    let experimentId: string;

    beforeAll(async () => {
      experimentId = (await createExperiment('runs')).id;
    });

    it('creates a run with an MLflow id and artifact URI, gets and updates it', async () => {
      const run = await createRun(experimentId, {
        run_name: 'baseline',
        start_time: 1_700_000_000_000,
        user_id: 'alice',
        tags: [{ key: 'stage', value: 'dev' }],
      });
      expect(run.info.run_id).toMatch(/^[0-9a-f]{32}$/);
      expect(run.info).toMatchObject({
        run_uuid: run.info.run_id,
        run_name: 'baseline',
        user_id: 'alice',
        status: 'RUNNING',
        start_time: 1_700_000_000_000,
        end_time: null,
        lifecycle_stage: 'active',
        artifact_uri: `mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`,
      });
      expect(byKey(run.data.tags)).toMatchObject({
        stage: { value: 'dev' },
        'mlflow.runName': { value: 'baseline' },
      });

      const updated = await call<UpdateRunResponse>(S.runs.update, {
        run_id: run.info.run_id,
        status: 'FINISHED',
        end_time: 1_700_000_100_000,
        run_name: 'baseline-2',
      });
      expect(updated.run_info).toMatchObject({
        status: 'FINISHED',
        end_time: 1_700_000_100_000,
        run_name: 'baseline-2',
      });
      const fetched = await getRun(run.info.run_id);
      expect(fetched.info.status).toBe('FINISHED');
      expect(byKey(fetched.data.tags)['mlflow.runName'].value).toBe('baseline-2');
    });

    it('logs a batch atomically and shows the latest metric per key, NaN and infinities included', async () => {
      const run = await createRun(experimentId);
      await call(S.runs.logBatch, {
        run_id: run.info.run_id,
        metrics: [
          { key: 'rouge1', value: 0.2, timestamp: 1000, step: 0 },
          { key: 'rouge1', value: 0.4, timestamp: 900, step: 1 },
          { key: 'rouge1', value: 0.1, timestamp: 2000, step: 0 },
          { key: 'nan', value: 'NaN', timestamp: 1, step: 0 },
          { key: 'inf', value: 'Infinity', timestamp: 1, step: 0 },
          { key: 'ninf', value: '-Infinity', timestamp: 1, step: 0 },
        ],
        params: [
          { key: 'model', value: 't5-small' },
          { key: 'max_new_tokens', value: '60' },
        ],
        tags: [{ key: 'stage', value: 'dev' }],
      });
      const fetched = await getRun(run.info.run_id);
      const metrics = byKey(fetched.data.metrics);
      expect(metrics.rouge1).toEqual({ key: 'rouge1', value: 0.4, timestamp: 900, step: 1 });
      expect(metrics.nan.value).toBe('NaN');
      expect(metrics.inf.value).toBe('Infinity');
      expect(metrics.ninf.value).toBe('-Infinity');
      expect(fetched.data.params).toEqual([
        { key: 'max_new_tokens', value: '60' },
        { key: 'model', value: 't5-small' },
      ]);
      expect(byKey(fetched.data.tags).stage.value).toBe('dev');
    });

    it('keeps params immutable: same value again is fine, a new value is refused and the batch changes nothing', async () => {
      const run = await createRun(experimentId);
      const runId = run.info.run_id;
      await call(S.runs.logParam, { run_id: runId, key: 'lr', value: '0.1' });
      await call(S.runs.logParam, { run_id: runId, key: 'lr', value: '0.1' });
      const error = await rejectionOf(call(S.runs.logParam, { run_id: runId, key: 'lr', value: '0.2' }));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
      expect(error.message).toMatch(/Changing param values is not allowed.*'lr'/);

      const batchError = await rejectionOf(
        call(S.runs.logBatch, {
          run_id: runId,
          metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
          params: [
            { key: 'new', value: 'x' },
            { key: 'lr', value: '0.3' },
          ],
          tags: [{ key: 't', value: 'v' }],
        }),
      );
      expect(batchError.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
      const fetched = await getRun(runId);
      expect(fetched.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
      expect(fetched.data.metrics).toEqual([]);
      expect(fetched.data.tags.map((t) => t.key)).toEqual(['mlflow.runName']);
    });

    it('keeps the full metric history and pages it', async () => {
      const run = await createRun(experimentId);
      const runId = run.info.run_id;
      for (let step = 0; step < 5; step++) {
        await call(S.runs.logMetric, {
          run_id: runId,
          key: 'loss',
          value: 1 / (step + 1),
          timestamp: 100 + step,
          step,
        });
      }
      const all = await call<GetMetricHistoryResponse>(S.metrics.getHistory, { run_id: runId, metric_key: 'loss' });
      expect(all.metrics.map((m) => m.step)).toEqual([0, 1, 2, 3, 4]);
      expect(all.next_page_token).toBeUndefined();

      const first = await call<GetMetricHistoryResponse>(S.metrics.getHistory, {
        run_id: runId,
        metric_key: 'loss',
        max_results: 3,
      });
      expect(first.metrics.map((m) => m.step)).toEqual([0, 1, 2]);
      const second = await call<GetMetricHistoryResponse>(S.metrics.getHistory, {
        run_id: runId,
        metric_key: 'loss',
        max_results: 3,
        page_token: first.next_page_token,
      });
      expect(second.metrics.map((m) => m.step)).toEqual([3, 4]);
      expect(second.next_page_token).toBeUndefined();
      expect(byKey((await getRun(runId)).data.metrics).loss).toMatchObject({ step: 4, value: 0.2 });
    });

    it('stores an exact repeat of a metric once, in one batch or a later one, and writes the rest of that batch', async () => {
      const run = await createRun(experimentId);
      const runId = run.info.run_id;
      const entry = (value: number) => ({ key: 'acc', value, timestamp: 10, step: 0 });
      await call(S.runs.logBatch, { run_id: runId, metrics: [entry(1), entry(1), entry(3)] });
      // A client retrying a batch: its repeats are skipped, its new entries, param and tag written.
      await call(S.runs.logBatch, {
        run_id: runId,
        metrics: [entry(1), entry(2)],
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 'retried', value: 'yes' }],
      });
      const history = await call<GetMetricHistoryResponse>(S.metrics.getHistory, { run_id: runId, metric_key: 'acc' });
      // Same step and timestamp: in value order (an entry is unique by all of them).
      expect(history.metrics.map((m) => m.value)).toEqual([1, 2, 3]);
      const fetched = await getRun(runId);
      expect(byKey(fetched.data.metrics).acc).toEqual(entry(3));
      expect(fetched.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
      expect(byKey(fetched.data.tags).retried.value).toBe('yes');
    });

    it("deletes a run's metric history with the run (no foreign key; a trigger on tracking_runs)", async () => {
      const kept = (await createRun(experimentId)).info.run_id;
      const gone = (await createRun(experimentId)).info.run_id;
      for (const runId of [kept, gone]) {
        await call(S.runs.logBatch, { run_id: runId, metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }] });
      }
      const db = service.get<DataSource>(TRACKING_DATA_SOURCE);
      const historyOf = async (runId: string) =>
        Number((await db.query(`SELECT count(*) AS n FROM tracking_metrics WHERE run_uuid = $1`, [runId]))[0].n);
      // No path of the platform deletes runs (MLflow's delete is a lifecycle stage): an operator's SQL.
      await db.query(`DELETE FROM tracking_runs WHERE run_uuid = $1`, [gone]);
      expect(await historyOf(gone)).toBe(0);
      expect(await historyOf(kept)).toBe(1);
      const error = await rejectionOf(
        call(S.runs.logBatch, { run_id: gone, metrics: [{ key: 'loss', value: 2, timestamp: 2, step: 1 }] }),
      );
      expect(error.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
      expect(await historyOf(gone)).toBe(0);
    });

    it('fills a search page up to one message, measured as sent, and continues in the next', async () => {
      const exp = (await createExperiment('big-runs')).id;
      // Four runs of about 300 KB each (37 tags of 8,000 characters): three fit in one answer of
      // at most 1 MB (NATS's default max_payload), four would not.
      for (let i = 0; i < 4; i++) {
        const run = await createRun(exp, { start_time: 1000 + i });
        const tags = Array.from({ length: 37 }, (_, t) => ({ key: `t${t}`, value: String(i).repeat(8000) }));
        await call(S.runs.logBatch, { run_id: run.info.run_id, tags });
      }
      const first = await call<SearchRunsResponse>(S.runs.search, { experiment_ids: [exp], max_results: 10 });
      expect(first.runs).toHaveLength(3);
      expect(first.next_page_token).toBeDefined();
      const second = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        max_results: 10,
        page_token: first.next_page_token,
      });
      expect(second.runs).toHaveLength(1);
      expect(second.next_page_token).toBeUndefined();
    });

    it('searches runs with MLflow filters, order_by and paging', async () => {
      const exp = (await createExperiment('search')).id;
      const specs = [
        { name: 'a', rouge1: 0.25, model: 't5', stage: 'dev', status: 'FINISHED' },
        { name: 'b', rouge1: 0.45, model: 't5', stage: 'dev', status: 'FINISHED' },
        { name: 'c', rouge1: 0.35, model: 'bart', stage: 'dev', status: 'FINISHED' },
        { name: 'd', rouge1: 0.5, model: 't5', stage: 'prod', status: 'RUNNING' },
        { name: 'e', rouge1: 0.4, model: 't5', stage: 'dev', status: 'FINISHED' },
      ];
      const ids: Record<string, string> = {};
      for (const [i, s] of specs.entries()) {
        const run = await createRun(exp, { run_name: s.name, start_time: 1000 + i });
        ids[s.name] = run.info.run_id;
        await call(S.runs.logBatch, {
          run_id: run.info.run_id,
          metrics: [{ key: 'rouge1', value: s.rouge1, timestamp: 1, step: 0 }],
          params: [{ key: 'model', value: s.model }],
          tags: [{ key: 'stage', value: s.stage }],
        });
        if (s.status !== 'RUNNING') await call(S.runs.update, { run_id: run.info.run_id, status: s.status });
      }
      const names = (r: SearchRunsResponse) => r.runs.map((run) => run.info.run_name);

      const filtered = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        filter:
          "metrics.rouge1 > 0.3 and params.model = 't5' and tags.stage = 'dev' and attributes.status = 'FINISHED'",
        order_by: ['metrics.rouge1 DESC'],
      });
      expect(names(filtered)).toEqual(['b', 'e']);

      const byStart = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        order_by: ['attributes.start_time ASC'],
      });
      expect(names(byStart)).toEqual(['a', 'b', 'c', 'd', 'e']);
      const defaultOrder = await call<SearchRunsResponse>(S.runs.search, { experiment_ids: [exp] });
      expect(names(defaultOrder)).toEqual(['e', 'd', 'c', 'b', 'a']);

      const like = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        filter: "params.model ILIKE 'BA%' or_not",
      }).catch((e) => e);
      expect(like.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);

      const inList = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        filter: `attributes.run_name IN ('a', 'c') and params.model LIKE '%a%'`,
      });
      expect(names(inList)).toEqual(['c']);

      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page: SearchRunsResponse = await call(S.runs.search, {
          experiment_ids: [exp],
          order_by: ['metrics.rouge1 ASC'],
          max_results: 2,
          ...(token ? { page_token: token } : {}),
        });
        seen.push(...names(page));
        token = page.next_page_token;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen).toEqual(['a', 'c', 'e', 'b', 'd']);

      await call(S.runs.delete, { run_id: ids.a });
      expect(
        names(await call(S.runs.search, { experiment_ids: [exp], order_by: ['attributes.start_time ASC'] })),
      ).toEqual(['b', 'c', 'd', 'e']);
      const deleted = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [exp],
        run_view_type: 'DELETED_ONLY',
      });
      expect(names(deleted)).toEqual(['a']);
      await call(S.runs.restore, { run_id: ids.a });
      expect((await getRun(ids.a)).info.lifecycle_stage).toBe('active');
    });

    it('sets, overwrites and deletes tags', async () => {
      const run = await createRun(experimentId);
      const runId = run.info.run_id;
      await call(S.runs.setTag, { run_id: runId, key: 'note', value: 'one' });
      await call(S.runs.setTag, { run_id: runId, key: 'note', value: 'two' });
      expect(byKey((await getRun(runId)).data.tags).note.value).toBe('two');
      await call(S.runs.deleteTag, { run_id: runId, key: 'note' });
      expect(byKey((await getRun(runId)).data.tags).note).toBeUndefined();
      const error = await rejectionOf(call(S.runs.deleteTag, { run_id: runId, key: 'note' }));
      expect(error.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    });

    it('records the datasets a run used, with their context', async () => {
      const run = await createRun(experimentId);
      const runId = run.info.run_id;
      const dataset = {
        name: 'cnn_dailymail-sample',
        digest: 'abc123',
        source_type: 'local',
        source: '{"uri": "file:///data/news.jsonl"}',
        profile: '{"num_rows": 30}',
      };
      await call(S.runs.logInputs, {
        run_id: runId,
        datasets: [
          { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset },
          {
            tags: [{ key: 'mlflow.data.context', value: 'evaluation' }],
            dataset: { ...dataset, name: 'held-out', digest: 'def456', schema: '{"columns": ["article"]}' },
          },
        ],
      });
      // Logging the same dataset again does not duplicate it.
      await call(S.runs.logInputs, {
        run_id: runId,
        datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }],
      });
      const inputs = (await getRun(runId)).inputs.dataset_inputs;
      expect(inputs).toEqual([
        { tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset },
        {
          tags: [{ key: 'mlflow.data.context', value: 'evaluation' }],
          dataset: { ...dataset, name: 'held-out', digest: 'def456', schema: '{"columns": ["article"]}' },
        },
      ]);
      const found = await call<SearchRunsResponse>(S.runs.search, {
        experiment_ids: [experimentId],
        filter: "datasets.context = 'evaluation' and datasets.name = 'held-out'",
      });
      expect(found.runs.map((r) => r.info.run_id)).toEqual([runId]);
    });
  });

  describe('predictions and artifacts', () => {
    it('appends, pages, exports as a JSONL artifact, and lists artifacts', async () => {
      const { id } = await createExperiment('preds');
      const run = await createRun(id);
      const runId = run.info.run_id;
      const rows = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({
          inputs: { article: `article ${from + i}` },
          outputs: { summary: `summary ${from + i}` },
          latency_ms: 10 + i,
          extra: { reference: `ref ${from + i}` },
        }));
      const first = await call<LogPredictionsResponse>(S.predictions.log, { run_id: runId, rows: rows(0, 15) });
      const second = await call<LogPredictionsResponse>(S.predictions.log, {
        run_id: runId,
        rows: [...rows(15, 9), { inputs: 'plain text', outputs: null }],
      });
      expect(first).toEqual({ first_row_index: 0, count: 15 });
      expect(second).toEqual({ first_row_index: 15, count: 10 });

      const collected: ListPredictionsResponse['predictions'] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page: ListPredictionsResponse = await call(S.predictions.list, {
          run_id: runId,
          max_results: 10,
          ...(token ? { page_token: token } : {}),
        });
        collected.push(...page.predictions);
        token = page.next_page_token;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(collected.map((p) => p.row_index)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(collected[3]).toMatchObject({
        inputs: { article: 'article 3' },
        outputs: { summary: 'summary 3' },
        latency_ms: 13,
        extra: { reference: 'ref 3' },
      });
      expect(collected[24]).toMatchObject({ inputs: 'plain text', outputs: null, latency_ms: null, extra: null });

      const exported = await call<ExportPredictionsResponse>(S.predictions.export, { run_id: runId });
      expect(exported).toEqual({
        artifact_path: 'predictions/predictions.jsonl',
        artifact_uri: `${run.info.artifact_uri}/predictions/predictions.jsonl`,
        rows: 25,
      });
      const file = join(dir, 'artifacts', id, runId, 'artifacts', 'predictions', 'predictions.jsonl');
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toHaveLength(25);
      expect(lines[0]).toMatchObject({ row_index: 0, inputs: { article: 'article 0' } });

      const root = await call<ResolveArtifactRootResponse>(S.artifacts.resolveRoot, { run_id: runId });
      expect(root).toEqual({
        run_id: runId,
        experiment_id: id,
        artifact_uri: run.info.artifact_uri,
        served_uri: run.info.artifact_uri,
        storage_uri: `${artifactRoot}/${id}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      });
      const located = await call<ResolveArtifactLocationResponse>(S.artifacts.resolveLocation, {
        uri: `mlflow-artifacts:/${id}/${runId}/artifacts/predictions/predictions.jsonl`,
      });
      expect(located).toEqual({
        owner: { kind: 'run', id: runId, experiment_id: id },
        lifecycle_stage: 'active',
        root_storage_uri: `${artifactRoot}/${id}/${runId}/artifacts`,
        root_served_uri: `mlflow-artifacts:/${id}/${runId}/artifacts`,
        path: 'predictions/predictions.jsonl',
        storage_uri: `${artifactRoot}/${id}/${runId}/artifacts/predictions/predictions.jsonl`,
        served_uri: `mlflow-artifacts:/${id}/${runId}/artifacts/predictions/predictions.jsonl`,
      });
      const viaRuns = await call<ResolveArtifactLocationResponse>(S.artifacts.resolveLocation, {
        uri: `runs:/${runId}/predictions`,
      });
      expect(viaRuns.storage_uri).toBe(`${artifactRoot}/${id}/${runId}/artifacts/predictions`);
      for (const uri of [
        `mlflow-artifacts:/0/${runId}/artifacts`,
        `mlflow-artifacts:/${id}/${runId}/artifacts/../../x`,
        `mlflow-artifacts:/${id}/${runId}.uploads/x`,
        `mlflow-artifacts:/${id}`,
        `file:///etc/passwd`,
      ]) {
        const error = await rejectionOf(call(S.artifacts.resolveLocation, { uri }));
        expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
      }
      const top = await call<ListArtifactsResponse>(S.artifacts.list, { run_id: runId });
      expect(top).toEqual({ root_uri: run.info.artifact_uri, files: [{ path: 'predictions', is_dir: true }] });
      const inner = await call<ListArtifactsResponse>(S.artifacts.list, { run_id: runId, path: 'predictions' });
      expect(inner.files).toEqual([
        { path: 'predictions/predictions.jsonl', is_dir: false, file_size: readFileSync(file).length },
      ]);
    });
  });

  it('pages large predictions by size so that every answer fits in one NATS message', async () => {
    const run = await createRun((await createExperiment('big')).id);
    const article = 'word '.repeat(400);
    for (let call_ = 0; call_ < 3; call_++) {
      await call(S.predictions.log, {
        run_id: run.info.run_id,
        rows: Array.from({ length: 300 }, (_, i) => ({
          inputs: { article, n: call_ * 300 + i },
          outputs: { summary: 'w' },
        })),
      });
    }
    const indexes: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page: ListPredictionsResponse = await call(S.predictions.list, {
        run_id: run.info.run_id,
        ...(token ? { page_token: token } : {}),
      });
      indexes.push(...page.predictions.map((p) => p.row_index));
      token = page.next_page_token;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    expect(indexes).toEqual(Array.from({ length: 900 }, (_, i) => i));
  });

  it('serialises concurrent writers of one run: unique row indexes, one value per param', async () => {
    const run = await createRun((await createExperiment('concurrent')).id);
    const runId = run.info.run_id;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call<LogPredictionsResponse>(S.predictions.log, {
          run_id: runId,
          rows: Array.from({ length: 5 }, (_, j) => ({ inputs: { i, j }, outputs: 'ok' })),
        }),
      ),
    );
    expect(answers.map((a) => a.first_row_index).sort((a, b) => a - b)).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => call(S.runs.logParam, { run_id: runId, key: 'seed', value: String(i) })),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(s.reason.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
    expect((await getRun(runId)).data.params).toHaveLength(1);
  });

  describe('bad input is refused with a named error and changes nothing', () => {
    let runId: string;
    let experimentId: string;
    let before: RunView;

    const snapshot = async () => ({
      run: await getRun(runId),
      history: await call<GetMetricHistoryResponse>(S.metrics.getHistory, { run_id: runId, metric_key: 'm' }),
      predictions: await call<ListPredictionsResponse>(S.predictions.list, { run_id: runId }),
    });

    beforeAll(async () => {
      experimentId = (await createExperiment('bad')).id;
      runId = (await createRun(experimentId)).info.run_id;
      await call(S.runs.logBatch, {
        run_id: runId,
        metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
        params: [{ key: 'p', value: 'v' }],
        tags: [{ key: 't', value: 'v' }],
      });
      await call(S.predictions.log, { run_id: runId, rows: [{ inputs: { q: 1 }, outputs: { a: 1 } }] });
      before = await getRun(runId);
    });

    const metric = { value: 1, timestamp: 2, step: 1 };
    const cases: Array<[string, string, () => Record<string, unknown>, string, RegExp]> = [
      [
        'a key with bad characters',
        S.runs.logParam,
        () => ({ run_id: runId, key: 'a$b', value: 'x' }),
        'INVALID_PARAMETER_VALUE',
        /param.*key/,
      ],
      [
        'a key with ..',
        S.runs.logMetric,
        () => ({ run_id: runId, key: 'a/../b', ...metric }),
        'INVALID_PARAMETER_VALUE',
        /metric.*key/,
      ],
      [
        'a key starting with /',
        S.runs.setTag,
        () => ({ run_id: runId, key: '/abs', value: 'x' }),
        'INVALID_PARAMETER_VALUE',
        /tag.*key/,
      ],
      [
        'an empty key',
        S.runs.logParam,
        () => ({ run_id: runId, key: '', value: 'x' }),
        'INVALID_PARAMETER_VALUE',
        /key/,
      ],
      [
        'a 251-character key',
        S.runs.logMetric,
        () => ({ run_id: runId, key: 'k'.repeat(251), ...metric }),
        'INVALID_PARAMETER_VALUE',
        /at most 250/,
      ],
      [
        'a 6001-character param value',
        S.runs.logParam,
        () => ({ run_id: runId, key: 'big', value: 'v'.repeat(6001) }),
        'INVALID_PARAMETER_VALUE',
        /at most 6000/,
      ],
      [
        'an 8001-character tag value',
        S.runs.setTag,
        () => ({ run_id: runId, key: 'big', value: 'v'.repeat(8001) }),
        'INVALID_PARAMETER_VALUE',
        /at most 8000/,
      ],
      [
        'a batch over 1000 metrics',
        S.runs.logBatch,
        () => ({
          run_id: runId,
          metrics: Array.from({ length: 1001 }, (_, i) => ({ key: 'm', ...metric, step: i + 10 })),
        }),
        'INVALID_PARAMETER_VALUE',
        /at most 1000 metrics/,
      ],
      [
        'a batch over 100 params',
        S.runs.logBatch,
        () => ({ run_id: runId, params: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }),
        'INVALID_PARAMETER_VALUE',
        /at most 100 params/,
      ],
      [
        'a batch with one bad key among good entries',
        S.runs.logBatch,
        () => ({
          run_id: runId,
          metrics: [{ key: 'm', ...metric, step: 99 }],
          params: [{ key: 'ok', value: 'v' }],
          tags: [{ key: 'bad!', value: 'v' }],
        }),
        'INVALID_PARAMETER_VALUE',
        /tags\[0\] key/,
      ],
      [
        'a metric value that is not a number',
        S.runs.logMetric,
        () => ({ run_id: runId, key: 'm', value: 'abc', timestamp: 1 }),
        'INVALID_PARAMETER_VALUE',
        /value/,
      ],
      ['a missing run_id', S.runs.logParam, () => ({ key: 'k', value: 'v' }), 'INVALID_PARAMETER_VALUE', /run_id/],
      [
        'an unknown run',
        S.runs.logParam,
        () => ({ run_id: 'f'.repeat(32), key: 'k', value: 'v' }),
        'RESOURCE_DOES_NOT_EXIST',
        /not found/,
      ],
      ['a malformed run id', S.runs.get, () => ({ run_id: '../../etc' }), 'RESOURCE_DOES_NOT_EXIST', /not found/],
      [
        'an unknown experiment',
        S.runs.create,
        () => ({ experiment_id: '987654321' }),
        'RESOURCE_DOES_NOT_EXIST',
        /987654321/,
      ],
      [
        'a bad filter',
        S.runs.search,
        () => ({ experiment_ids: [experimentId], filter: 'metrics.m > ' }),
        'INVALID_PARAMETER_VALUE',
        /Invalid filter/,
      ],
      [
        'a bad order_by',
        S.runs.search,
        () => ({ experiment_ids: [experimentId], order_by: ['metrics.m SIDEWAYS'] }),
        'INVALID_PARAMETER_VALUE',
        /order_by/,
      ],
      [
        'a forged page token',
        S.runs.search,
        () => ({ experiment_ids: [experimentId], page_token: 'bm9wZQ' }),
        'INVALID_PARAMETER_VALUE',
        /page_token/,
      ],
      [
        'an artifact path with ../',
        S.artifacts.list,
        () => ({ run_id: runId, path: '../../..' }),
        'INVALID_PARAMETER_VALUE',
        /artifact/,
      ],
      [
        'an encoded artifact path',
        S.artifacts.list,
        () => ({ run_id: runId, path: '%2e%2e%2f' }),
        'INVALID_PARAMETER_VALUE',
        /artifact/,
      ],
      [
        'an absolute artifact path',
        S.artifacts.list,
        () => ({ run_id: runId, path: '/etc' }),
        'INVALID_PARAMETER_VALUE',
        /artifact/,
      ],
      [
        'over 1000 predictions at once',
        S.predictions.log,
        () => ({ run_id: runId, rows: Array.from({ length: 1001 }, () => ({ inputs: 1, outputs: 2 })) }),
        'INVALID_PARAMETER_VALUE',
        /at most 1000/,
      ],
      [
        'a prediction without outputs',
        S.predictions.log,
        () => ({ run_id: runId, rows: [{ inputs: 1 }] }),
        'INVALID_PARAMETER_VALUE',
        /outputs/,
      ],
      [
        'an experiment artifact_location outside the artifact root',
        S.experiments.create,
        () => ({ name: `outside-${suffix()}`, artifact_location: 'file:///etc' }),
        'INVALID_PARAMETER_VALUE',
        /artifact root/,
      ],
      [
        'a bad run status',
        S.runs.update,
        () => ({ run_id: runId, status: 'DONE' }),
        'INVALID_PARAMETER_VALUE',
        /status/,
      ],
    ];

    it.each(cases)('%s', async (_case, subject, payload, code, message) => {
      const was = await snapshot();
      const error = await rejectionOf(call(subject, payload()));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(await snapshot()).toEqual(was);
      expect((await snapshot()).run).toEqual(before);
    });

    it("refuses writes to a deleted run with INVALID_PARAMETER_VALUE (must be in 'active' state)", async () => {
      const victim = (await createRun(experimentId)).info.run_id;
      await call(S.runs.delete, { run_id: victim });
      const writes: Array<[string, Record<string, unknown>]> = [
        [S.runs.logParam, { run_id: victim, key: 'k', value: 'v' }],
        [S.runs.logMetric, { run_id: victim, key: 'k', value: 1, timestamp: 1 }],
        [S.runs.logBatch, { run_id: victim, tags: [{ key: 'k', value: 'v' }] }],
        [S.runs.setTag, { run_id: victim, key: 'k', value: 'v' }],
        [S.runs.update, { run_id: victim, status: 'FINISHED' }],
        [S.predictions.log, { run_id: victim, rows: [{ inputs: 1, outputs: 2 }] }],
      ];
      for (const [subject, payload] of writes) {
        const error = await rejectionOf(call(subject, payload));
        expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
        expect(error.message).toMatch(/must be in the 'active' state/);
      }
      const run = await getRun(victim);
      expect(run.data).toEqual({ metrics: [], params: [], tags: [expect.objectContaining({ key: 'mlflow.runName' })] });
      expect(run.info.status).toBe('RUNNING');
    });

    it('wrote nothing outside the artifact root', () => {
      expect(existsSync(join(dir, 'etc'))).toBe(false);
    });
  });

  it('finds everything again after a restart on the same database', async () => {
    const { id, name } = await createExperiment('restart');
    const run = await createRun(id, { run_name: 'survivor' });
    await call(S.runs.logBatch, {
      run_id: run.info.run_id,
      metrics: [{ key: 'rougeL', value: 0.33, timestamp: 5, step: 2 }],
      params: [{ key: 'model', value: 't5-small' }],
    });
    await call(S.predictions.log, { run_id: run.info.run_id, rows: [{ inputs: 'a', outputs: 'b' }] });
    await call(S.predictions.export, { run_id: run.info.run_id });

    await service.close();
    service = await startTracking();
    await untilServing();

    const again = await getRun(run.info.run_id);
    expect(again.info.run_name).toBe('survivor');
    expect(again.data.metrics).toEqual([{ key: 'rougeL', value: 0.33, timestamp: 5, step: 2 }]);
    expect(again.data.params).toEqual([{ key: 'model', value: 't5-small' }]);
    await expect(call(S.experiments.getByName, { experiment_name: name })).resolves.toMatchObject({
      experiment: { experiment_id: id },
    });
    const preds = await call<ListPredictionsResponse>(S.predictions.list, { run_id: run.info.run_id });
    expect(preds.predictions).toHaveLength(1);
    const listing = await call<ListArtifactsResponse>(S.artifacts.list, {
      run_id: run.info.run_id,
      path: 'predictions',
    });
    expect(listing.files.map((f) => f.path)).toEqual(['predictions/predictions.jsonl']);
    // The Default experiment is still "0" and a new experiment gets a fresh id.
    const next = await createExperiment('restart-next');
    expect(Number(next.id)).toBeGreaterThan(Number(id));
  });
});
