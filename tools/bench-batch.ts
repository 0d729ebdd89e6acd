/**
 * Batch inference benchmark (a script, not a test):
 *   npm run bench:batch                         10,000 articles, 2 workers, extractive, NATS + PostgreSQL
 *   npm run bench:batch -- --rows 2000 --workers 1 --partition-size 100 --embedded
 * Options: --rows N (10000), --workers N (2), --partition-size N (250), --embedded (in-process queue
 *   + PGlite instead of JetStream + PostgreSQL), --nats URL, --database URL.
 * The workers are the inference replicas' real batch workers (model cache, Parquet files, reports).
 * Services mode runs each in its own process (as replicas run), the orchestrator in this one; the
 * bare baseline is the same summarizer over the same articles in one plain loop, divided by the
 * number of workers (what the workers would take with no orchestration at all). Embedded mode runs
 * everything on this process's one thread, so its baseline is the plain loop itself.
 * Prints rows/s, the orchestration overhead (job wall time / the workers' own summarization time in
 * the job, and / the bare loop) and the Delta commit time per partition.
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BatchJobDetailView, BUILTIN_EXTRACTIVE_MODEL_URI, SUBJECTS } from '@llmops/contract';
import { DeltaTable } from '@llmops/delta';
import { InProcessBus, MessagingModule, RpcClient, startService, TransportConfig } from '@llmops/messaging';
import { createSummarizer } from '@llmops/pipeline';
import { connect } from 'nats';
import { BatchOrchestratorConfig, BatchOrchestratorModule } from '@llmops/batch-orchestrator-app';
import { BatchWorkerConfig, BatchWorkerModule, ModelCacheModule } from '@llmops/inference-app';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const ROWS = Number(option('rows', '10000'));
const WORKERS = Number(option('workers', '2'));
const PARTITION_SIZE = Number(option('partition-size', '250'));
const EMBEDDED = process.argv.includes('--embedded');
const NATS_URL = option('nats', process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
const DATABASE_URL = option('database', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

/** 10,000 articles from the shipped news data, repeated with unique ids. */
function buildDataset(dir: string): { path: string; articles: string[] } {
  const source = readFileSync(resolve(__dirname, '../data/news/wikinews.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; article: string; reference?: string });
  const lines: string[] = [];
  const articles: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const row = source[i % source.length];
    articles.push(row.article);
    lines.push(JSON.stringify({ id: `${row.id}#${i}`, article: row.article, reference: row.reference ?? null }));
  }
  // Under the dataset root of the bench's data directory (LLMOPS_DATA_DIR of every process).
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  const path = join(dir, 'datasets', 'news-bench.jsonl');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, articles };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(1)} ms, p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

async function startWorker(
  transport: TransportConfig,
  queue: Record<string, string | number>,
  dir: string,
  id: string,
) {
  @Module({
    imports: [
      MessagingModule.forRoot(transport),
      ModelCacheModule.forRoot({ cacheDir: join(dir, 'cache'), threads: 1, maxModels: 2 }),
      BatchWorkerModule.forRoot(
        Object.assign(new BatchWorkerConfig(), {
          ...queue,
          BATCH_FETCH_WAIT_MS: 1000,
          BATCH_WORKER_ID: id,
          LLMOPS_DATA_DIR: dir,
        }),
      ),
    ],
  })
  class WorkerRoot {}
  const app = await NestFactory.createApplicationContext(WorkerRoot, { logger: false });
  await app.init();
  return app;
}

/** `--worker-process <queue JSON> <dir> <id>`: one replica's batch worker until SIGTERM. */
async function workerProcess(): Promise<void> {
  const index = process.argv.indexOf('--worker-process');
  const queue = JSON.parse(process.argv[index + 1]) as Record<string, string | number>;
  const app = await startWorker(
    { kind: 'nats', url: NATS_URL },
    queue,
    process.argv[index + 2],
    process.argv[index + 3],
  );
  process.send?.('ready');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llmops-bench-batch-'));
  const suffix = randomBytes(4).toString('hex');
  const { path, articles } = buildDataset(dir);
  console.log(`dataset: ${ROWS} articles (${path}); ${WORKERS} worker(s); partitions of ${PARTITION_SIZE}`);
  console.log(
    `mode: ${EMBEDDED ? 'embedded (in-process queue + PGlite)' : `services (JetStream ${NATS_URL} + PostgreSQL)`}`,
  );

  // Bare: the same summarizer, one article per call as the worker calls it.
  const summarizer = await createSummarizer({ flavor: 'extractive' });
  const bareStart = performance.now();
  for (const article of articles) await summarizer.summarize([article]);
  const bareMs = performance.now() - bareStart;
  await summarizer.dispose();

  const transport: TransportConfig = EMBEDDED
    ? { kind: 'in-process', bus: new InProcessBus() }
    : { kind: 'nats', url: NATS_URL };
  const queue = {
    BATCH_QUEUE_STREAM: `BATCH_BENCH_${suffix}`,
    BATCH_QUEUE_SUBJECT: `batch-bench.${suffix}.tasks`,
    BATCH_QUEUE_CONSUMER: `bench-workers-${suffix}`,
    BATCH_ACK_WAIT_MS: 30_000,
  };
  const orchestrator = await startService(
    BatchOrchestratorModule.forRoot(
      Object.assign(new BatchOrchestratorConfig(), {
        ...queue,
        DATABASE_URL: EMBEDDED ? `pglite://${join(dir, 'db')}` : DATABASE_URL,
        LLMOPS_DATA_DIR: dir,
      }),
      transport,
    ),
    transport,
    { queue: `batch-orchestrator-bench-${suffix}`, logger: false },
  );
  const workers: INestApplicationContext[] = [];
  const children: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i++) {
    if (EMBEDDED) {
      workers.push(await startWorker(transport, queue, dir, `bench-${i}`));
      continue;
    }
    const args = [__filename, '--worker-process', JSON.stringify(queue), dir, `bench-${i}`, '--nats', NATS_URL];
    const child = fork(resolve(__dirname, 'run.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    await new Promise<void>((ready, fail) => {
      child.once('message', () => ready());
      child.once('exit', (code) => fail(new Error(`worker ${i} exited with ${code}`)));
    });
  }
  @Module({ imports: [MessagingModule.forRoot(transport)] })
  class ClientRoot {}
  const clientApp = await NestFactory.createApplicationContext(ClientRoot, { logger: false });
  const client = clientApp.get(RpcClient);

  const tableUri = join(dir, 'tables', 'summaries');
  const started = performance.now();
  const submitted = await client.request<BatchJobDetailView>(
    SUBJECTS.batch.jobs.submit,
    {
      datasetUri: path,
      modelUri: BUILTIN_EXTRACTIVE_MODEL_URI,
      outputTable: tableUri,
      partitionSize: PARTITION_SIZE,
      keepColumns: ['reference'],
    },
    { timeoutMs: 120_000 },
  );
  const submitMs = performance.now() - started;
  let job = submitted;
  while (job.state === 'RUNNING') {
    await new Promise((r) => setTimeout(r, 100));
    job = await client.request<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId: submitted.jobId });
  }
  const wallMs = performance.now() - started;

  const rows = await (await DeltaTable.open(tableUri)).readRows();
  const unique = new Set(rows.map((r) => r.article_id)).size;
  const commitMs = job.partitionDetails.map((p) => p.commitMs ?? 0);
  const summarizeMs = job.partitionDetails.reduce((sum, p) => sum + (p.summarizeMs ?? 0), 0);

  console.log(`\njob ${job.jobId}: ${job.state}, ${job.rows.written} rows written, ${job.rows.failed} failed`);
  console.log(`table: ${rows.length} rows, ${unique} distinct article ids (expected ${ROWS})`);
  console.log(`submit (plan + fan-out): ${submitMs.toFixed(0)} ms`);
  console.log(`bare summarization:      ${bareMs.toFixed(0)} ms (${((ROWS / bareMs) * 1000).toFixed(1)} rows/s)`);
  console.log(`batch job wall time:     ${wallMs.toFixed(0)} ms (${((ROWS / wallMs) * 1000).toFixed(1)} rows/s)`);
  console.log(`  of which summarizing (sum over partitions): ${summarizeMs.toFixed(0)} ms`);
  // The workers' own summarization time in the job, per worker: same processes, same machine load.
  const inJobPerWorker = EMBEDDED ? summarizeMs : summarizeMs / WORKERS;
  console.log(
    `orchestration overhead:  ${(wallMs / inJobPerWorker).toFixed(2)} x the workers' summarization time in the job ` +
      `(${inJobPerWorker.toFixed(0)} ms${EMBEDDED ? ', all workers on one shared thread' : ' per worker'})`,
  );
  const bareForWorkers = EMBEDDED ? bareMs : bareMs / WORKERS;
  console.log(
    `                         ${(wallMs / bareForWorkers).toFixed(2)} x a bare summarization loop ` +
      `(${bareForWorkers.toFixed(0)} ms${EMBEDDED ? ', one shared thread' : ` = bare / ${WORKERS} workers`})`,
  );
  console.log(`load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${cpus().length} CPU(s)`);
  console.log(`Delta commit per partition (${commitMs.length} partitions): ${stats(commitMs)}`);

  for (const app of workers) await app.close();
  for (const child of children) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await clientApp.close();
  await orchestrator.close();
  if (!EMBEDDED) {
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(queue.BATCH_QUEUE_STREAM).catch(() => undefined);
    await nc.drain();
  }
  rmSync(dir, { recursive: true, force: true });
  if (rows.length !== ROWS || unique !== ROWS) process.exitCode = 1;
}

(process.argv.includes('--worker-process') ? workerProcess() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
