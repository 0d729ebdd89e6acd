// The end-to-end harness runs the orchestrator with real inference-replica batch workers in one
// process, as the embedded launcher does; it lives in tests/e2e, the project allowed to compose them.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  ConsoleLogger,
  Global,
  INestApplicationContext,
  INestMicroservice,
  LoggerService,
  Module,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BatchJobDetailView, SUBJECTS } from '@llmops/contract';
import { DeltaRow, DeltaTable } from '@llmops/delta';
import { InProcessBus, MessagingModule, RpcClient, startService, TransportConfig } from '@llmops/messaging';
import { connect, NatsConnection } from 'nats';
import { BatchWorkerConfig, BatchWorkerModule, BatchWorkerService, ModelCache } from '@llmops/inference-app';
import {
  BatchOrchestratorConfig,
  BatchOrchestratorModule,
  ModelResolver,
  type BatchModel,
} from '@llmops/batch-orchestrator-app';

export type Mode = 'services' | 'embedded';

/** BATCH_E2E_LOG=1 shows the services' warnings and errors (debugging a scenario). */
const LOGGER: false | LoggerService = process.env.BATCH_E2E_LOG
  ? new ConsoleLogger('batch-e2e', { logLevels: ['warn', 'error'] })
  : false;

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The registry's answer for `models:/news/Production` in these tests (version 3 is in Production). */
export class FakeModelResolver extends ModelResolver {
  readonly calls: string[] = [];
  version = '3';
  async resolve(modelUri: string): Promise<BatchModel> {
    this.calls.push(modelUri);
    return {
      requestedUri: modelUri,
      modelUri: `models:/news/${this.version}`,
      name: 'news',
      version: this.version,
      runId: 'run-abc',
      storageLocation: 'file:///models/news/3',
    };
  }
}

/**
 * A model cache whose summarizer a test can script: `hook` runs before each article (to hold a
 * partition in flight, or fail a poison row). Summaries are deterministic.
 */
export class ScriptedModelCache {
  readonly articles: string[] = [];
  hook: (article: string) => Promise<void> = async () => undefined;

  async get(modelUri: string) {
    return {
      resolved: { modelUri, runId: 'run-abc', storageLocation: 'file:///models/news/3' },
      summarizer: {
        summarize: async (articles: string[]) => {
          const out = [];
          for (const article of articles) {
            this.articles.push(article);
            await this.hook(article);
            if (article.startsWith('POISON')) throw new Error('poison row: the tokenizer rejects it');
            out.push({
              summary: `summary of ${article.split(' ')[1]}`,
              tokensIn: 5,
              tokensOut: 3,
              latencyMs: 1.5,
              truncated: false,
            });
          }
          return out;
        },
      },
      release: () => undefined,
    };
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Polls until `check` holds (fails after `timeoutMs`: a hang guard, not a timing assertion). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Dataset {
  path: string;
  ids: string[];
  poisonIds: string[];
}

/** A JSONL dataset of `rows` articles; the rows listed in `poison` always fail to summarize. */
export function writeDataset(dir: string, rows: number, poison: number[] = []): Dataset {
  // Articles carry their world's tag: a worker may also get tasks of other runs' unfinished jobs,
  // which a restarted orchestrator resumes from the shared test database.
  const tag = basename(dir);
  const lines = [];
  const ids = [];
  for (let i = 0; i < rows; i++) {
    const id = `n-${i}`;
    ids.push(id);
    const article = `${poison.includes(i) ? 'POISON' : 'Article'} ${i} reports on topic ${i % 7} [${tag}]. It has a second sentence.`;
    lines.push(JSON.stringify({ id, article, reference: `ref ${i}`, source: `wire-${i % 3}` }));
  }
  // Under the dataset root of the world's data directory (LLMOPS_DATA_DIR): submitted by absolute path.
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  const path = join(dir, 'datasets', 'prod.jsonl');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, ids, poisonIds: poison.map((i) => `n-${i}`) };
}

/**
 * One scenario's world: its own queue (stream) names, a data directory, the transport of the
 * mode, an orchestrator that can be stopped and started again, and any number of workers.
 */
export class BatchWorld {
  readonly suffix = randomBytes(4).toString('hex');
  readonly dir = mkdtempSync(join(tmpdir(), 'llmops-batch-e2e-'));
  readonly resolver = new FakeModelResolver();
  readonly transport: TransportConfig;
  orchestrator?: INestMicroservice;
  client!: RpcClient;
  private clientApp?: INestApplicationContext;
  readonly workers: Array<{ app: INestApplicationContext; service: BatchWorkerService; cache: ScriptedModelCache }> =
    [];
  private nats?: NatsConnection;

  constructor(
    readonly mode: Mode,
    readonly ackWaitMs = 1500,
    /** The suite's private nats-server (services mode); never the machine's shared one. */
    readonly natsUrl?: string,
  ) {
    if (mode === 'services' && !natsUrl) throw new Error('services mode needs the suite’s private nats-server URL');
    this.transport =
      mode === 'services' ? { kind: 'nats', url: natsUrl! } : { kind: 'in-process', bus: new InProcessBus() };
  }

  get queueNames() {
    return {
      stream: `BATCH_E2E_${this.suffix}`,
      subject: `batch-e2e.${this.suffix}.tasks`,
      consumer: `workers-${this.suffix}`,
    };
  }

  orchestratorConfig(): BatchOrchestratorConfig {
    return Object.assign(new BatchOrchestratorConfig(), {
      DATABASE_URL: this.mode === 'services' ? POSTGRES_URL : `pglite://${join(this.dir, 'db')}`,
      LLMOPS_DATA_DIR: this.dir,
      BATCH_ACK_WAIT_MS: this.ackWaitMs,
      BATCH_QUEUE_STREAM: this.queueNames.stream,
      BATCH_QUEUE_SUBJECT: this.queueNames.subject,
      BATCH_QUEUE_CONSUMER: this.queueNames.consumer,
    });
  }

  workerConfig(id: string): BatchWorkerConfig {
    return Object.assign(new BatchWorkerConfig(), {
      BATCH_ACK_WAIT_MS: this.ackWaitMs,
      BATCH_QUEUE_STREAM: this.queueNames.stream,
      BATCH_QUEUE_SUBJECT: this.queueNames.subject,
      BATCH_QUEUE_CONSUMER: this.queueNames.consumer,
      BATCH_FETCH_WAIT_MS: 1000,
      BATCH_WORKER_ID: id,
      LLMOPS_DATA_DIR: this.dir,
    });
  }

  async start(): Promise<void> {
    await this.startOrchestrator();
    @Module({ imports: [MessagingModule.forRoot(this.transport)] })
    class ClientModule {}
    this.clientApp = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    this.client = this.clientApp.get(RpcClient);
  }

  async startOrchestrator(): Promise<void> {
    this.orchestrator = await startService(
      BatchOrchestratorModule.forRoot(this.orchestratorConfig(), this.transport, { modelResolver: this.resolver }),
      this.transport,
      { queue: 'batch-orchestrator', logger: LOGGER },
    );
  }

  async stopOrchestrator(): Promise<void> {
    await this.orchestrator?.close();
    this.orchestrator = undefined;
  }

  async startWorker(id: string, cache = new ScriptedModelCache()) {
    @Global()
    @Module({ providers: [{ provide: ModelCache, useValue: cache }], exports: [ModelCache] })
    class FakeModelCacheModule {}
    @Module({
      imports: [
        MessagingModule.forRoot(this.transport),
        FakeModelCacheModule,
        BatchWorkerModule.forRoot(this.workerConfig(id)),
      ],
    })
    class WorkerRoot {}
    const app = await NestFactory.createApplicationContext(WorkerRoot, { logger: LOGGER });
    await app.init();
    const worker = { app, service: app.get(BatchWorkerService), cache };
    this.workers.push(worker);
    return worker;
  }

  async submit(request: Record<string, unknown>): Promise<BatchJobDetailView> {
    return this.client.request<BatchJobDetailView>(SUBJECTS.batch.jobs.submit, request);
  }

  async job(jobId: string): Promise<BatchJobDetailView> {
    return this.client.request<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId });
  }

  async waitFinished(jobId: string, timeoutMs?: number): Promise<BatchJobDetailView> {
    let job: BatchJobDetailView | undefined;
    await until(
      async () => {
        job = await this.job(jobId).catch(() => undefined);
        return job !== undefined && job.state !== 'RUNNING';
      },
      `job ${jobId} to finish`,
      timeoutMs,
    );
    return job as BatchJobDetailView;
  }

  /** True for an article of this world's datasets (see writeDataset). */
  owns(article: string): boolean {
    return article.includes(`[${basename(this.dir)}]`);
  }

  tableUri(): string {
    return join(this.dir, 'tables', 'summaries');
  }

  /** The table's rows, after checking its log replays from version 0 to the same snapshot. */
  async tableRows(): Promise<DeltaRow[]> {
    const table = await DeltaTable.open(this.tableUri());
    const latest = await table.snapshot();
    const replayed = await table.snapshotFromFullReplay();
    expect(replayed.version).toBe(latest.version);
    expect(replayed.files.map((f) => f.path).sort()).toEqual(latest.files.map((f) => f.path).sort());
    return table.readRows();
  }

  /** NATS connection for raw subscriptions (services mode). */
  async natsConnection(): Promise<NatsConnection> {
    this.nats ??= await connect({ servers: this.natsUrl! });
    return this.nats;
  }

  async close(): Promise<void> {
    for (const worker of this.workers) {
      await worker.service.kill();
      await worker.app.close().catch(() => undefined);
    }
    await this.stopOrchestrator();
    await this.clientApp?.close();
    if (this.mode === 'services') {
      const nc = await this.natsConnection();
      await (await nc.jetstreamManager()).streams.delete(this.queueNames.stream).catch(() => undefined);
    }
    await this.nats?.drain();
  }
}

export function idsOf(rows: DeltaRow[]): string[] {
  return rows.map((r) => String(r.article_id)).sort();
}
