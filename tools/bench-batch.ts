/**
 * Batch inference benchmark (a script, not a test):
 *   npm run bench:batch                         10,000 articles, 2 workers, extractive, NATS + PostgreSQL
 *   npm run bench:batch -- --scale              generated 3 GB, 1,000,000-row JSONL (peak RSS of every process)
 *   npm run bench:batch -- --scale --scale-rows 100000 --scale-bytes 300000000   a smaller scale run
 *   npm run bench:batch -- --rows 2000 --workers 1 --partition-size 100 --embedded
 * Options: --rows N (10000), --workers N (2), --partition-size N (default: none given, the orchestrator
 *   sizes partitions from the dataset as it does for any job without one), --embedded (in-process queue
 *   + PGlite instead of JetStream + PostgreSQL), --nats URL (default: a private nats-server started
 *   for the run), --database URL, --limit-rows N (rows of the limit row; default all, 20,000 with
 *   --scale), --rounds N (3; 1 with --scale): limit and job alternate N times (limit first in odd
 *   rounds), each round's ratio is printed and their median (after a round 0 of cold replicas,
 *   printed and not in the median; --no-warmup skips it, --scale never runs it); --profile DIR
 *   (workers run with --cpu-prof into DIR, the limit's bare loops into DIR/limit), --keep (keep the data directory), --worker-heap-mb N
 *   (256: the workers' --max-old-space-size, as docker/compose.yaml sets it; 0: V8's default),
 *   --worker-semi-space-mb N (16, with a heap cap or when given: --max-semi-space-size); the bare
 *   loops of the limit run with the same heap flags.
 *
 * The workers are the inference replicas' real batch workers (model cache, Parquet files, reports),
 * each in its own process (as replicas run), the orchestrator in this one.
 * The limit row: N bare loops (read the dataset's splits + summarize with the same extractive model,
 * no platform) running at once in N processes, warm (a few hundred rows untimed first, as the
 * measured job rounds run on warm replicas), over the same rows, measured in the same run. Every
 * setup is printed as a ratio of it: that is what the machine can do with N processes, whatever
 * else runs on it at the time (the machine is shared: the load average is printed with the figures).
 * Embedded mode runs everything on this process's one thread, so its limit is one bare loop.
 * The --scale dataset is generated into a temporary directory (never committed) and removed after.
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BatchJobDetailView, BatchJobView, BUILTIN_EXTRACTIVE_MODEL_URI, SUBJECTS } from '@llmops/contract';
import { DeltaTable } from '@llmops/delta';
import {
  InProcessBus,
  MessagingModule,
  NatsServerProcess,
  RpcClient,
  startNatsServer,
  startService,
  TransportConfig,
} from '@llmops/messaging';
import {
  createSummarizer,
  estimateTextBytesPerRow,
  fileHandleSource,
  readRowRange,
  readSplit,
  TabularRow,
} from '@llmops/pipeline';
import { connect } from 'nats';
import { DataSource } from 'typeorm';
import {
  BatchOrchestratorConfig,
  BatchOrchestratorModule,
  defaultPartitionSizing,
} from '@llmops/batch-orchestrator-app';
import { BatchWorkerConfig, BatchWorkerModule, ModelCacheModule } from '@llmops/inference-app';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

// No identity service runs in the bench: the orchestrator records no permissions (one admin).
process.env.LLMOPS_AUTH = 'off';

const SCALE = process.argv.includes('--scale');
const ROWS = SCALE ? Number(option('scale-rows', '1000000')) : Number(option('rows', '10000'));
const SCALE_BYTES = Number(option('scale-bytes', String(3 * 1024 ** 3)));
const WORKERS = Number(option('workers', '2'));
/** Rows per partition the jobs ask for; undefined: the orchestrator's default (sized from the dataset). */
const PARTITION_SIZE = option('partition-size', '') ? Number(option('partition-size', '')) : undefined;
const EMBEDDED = process.argv.includes('--embedded');
const LIMIT_ROWS = Math.min(ROWS, Number(option('limit-rows', SCALE ? '20000' : String(ROWS))));
const PROFILE_DIR = option('profile', '');
const ROUNDS = Number(option('rounds', SCALE ? '1' : '3'));
const WORKER_HEAP_MB = Number(option('worker-heap-mb', '256'));
const WORKER_SEMI_SPACE_MB = Number(option('worker-semi-space-mb', '16'));
/**
 * The workers' V8 heap flags, given to the bare loops too: the limit is the same work under the same
 * heap settings. (A 256 MB old space makes V8 start major collections earlier: over its first
 * 6,000 rows a bare loop spent 8-15 % more CPU per row with the cap than without, in three
 * interleaved pairs; over 25,000 rows, a bench loop's share at 50,000, no difference was measured.)
 */
const HEAP_FLAGS = [
  ...(WORKER_HEAP_MB > 0 ? [`--max-old-space-size=${WORKER_HEAP_MB}`] : []),
  // With a small old space V8 also shrinks the young generation (more scavenges, more promoted
  // garbage): its default 16 MB semi-space is kept, as docker/compose.yaml does.
  ...(WORKER_HEAP_MB > 0 || option('worker-semi-space-mb', '')
    ? [`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`]
    : []),
];
// Round 0: the replicas' first job after they started (modules loaded on first use, code not
// optimised yet), printed as the cold figure and kept out of the medians. Off with --scale.
const FIRST_ROUND = SCALE || process.argv.includes('--no-warmup') ? 1 : 0;
const DATABASE_URL = option('database', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

interface Source {
  id: string;
  article: string;
  reference?: string | null;
}

/** A byte range of the dataset holding whole rows (from the generator, which knows its offsets). */
interface Range {
  startRow: number;
  endRow: number;
  startByte: number;
  endByte: number;
}

function shippedArticles(): Source[] {
  return readFileSync(resolve(__dirname, '../data/news/wikinews.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Source);
}

/**
 * Writes the dataset as a stream (never held whole): the shipped news articles repeated with
 * unique ids, or with --scale articles made of several shipped ones, to reach the target size.
 * Returns where each of the first LIMIT_ROWS rows starts, and where the last ends (for the limit row).
 */
function buildDataset(dir: string): { path: string; bytes: number; rowStarts: number[] } {
  const source = shippedArticles();
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  const path = join(dir, 'datasets', 'news-bench.jsonl');
  const fd = openSync(path, 'w');
  const perRow = SCALE ? Math.max(200, Math.floor(SCALE_BYTES / ROWS) - 120) : 0;
  const rowStarts: number[] = [];
  let offset = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const flush = () => {
    writeSync(fd, pending.join(''));
    pending = [];
    pendingBytes = 0;
  };
  for (let i = 0; i < ROWS; i++) {
    const row = source[i % source.length];
    let article = row.article;
    if (SCALE) {
      // Whole sentences of the next articles until the row has its share of the target size.
      for (let k = 1; article.length < perRow; k++) article += ' ' + source[(i + k * 7) % source.length].article;
      const cut = article.lastIndexOf('. ', perRow);
      article = article.slice(0, cut > perRow / 2 ? cut + 1 : perRow);
    }
    const line = JSON.stringify({ id: `${row.id}#${i}`, article, reference: row.reference ?? null }) + '\n';
    const length = Buffer.byteLength(line);
    if (i < LIMIT_ROWS) rowStarts.push(offset);
    if (i === LIMIT_ROWS - 1) rowStarts.push(offset + length);
    offset += length;
    pending.push(line);
    pendingBytes += length;
    if (pendingBytes >= 8 * 1024 * 1024) flush();
  }
  flush();
  closeSync(fd);
  return { path, bytes: offset, rowStarts };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(1)} ms, p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Peak (VmHWM) or current (VmRSS) resident memory of another process, from /proc (Linux), in KB. */
function statusKb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | null {
  if (!pid) return null;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
const peakRssOf = (pid: number | undefined) => statusKb(pid, 'VmHWM');
const rssOf = (pid: number | undefined) => statusKb(pid, 'VmRSS');

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

const cpuMsOf = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** Answers the parent's 'report' with this process's peak RSS (KB) and CPU time so far (ms). */
function answerReports(): void {
  process.on('message', (message) => {
    if (message === 'report') {
      process.send?.({ maxRssKb: process.resourceUsage().maxRSS, cpuMs: cpuMsOf(process.cpuUsage()) });
    }
  });
}

/** `--worker-process <queue JSON> <dir> <id> <nats url>`: one replica's batch worker until SIGTERM. */
async function workerProcess(): Promise<void> {
  const index = process.argv.indexOf('--worker-process');
  const queue = JSON.parse(process.argv[index + 1]) as Record<string, string | number>;
  const app = await startWorker(
    { kind: 'nats', url: process.argv[index + 4] },
    queue,
    process.argv[index + 2],
    process.argv[index + 3],
  );
  answerReports();
  process.send?.('ready');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

/**
 * `--bare-process <dataset path> <ranges JSON>`: the limit's loop. Loads the model and warms up
 * (summarizes the first rows of its first range, untimed), says ready, and on 'go' reads its ranges
 * and summarizes every article, one per call as the worker does. Warm, because the job's measured
 * rounds run on warm replicas (round 0, the cold one, is printed apart): a cold limit would flatter
 * the job.
 */
async function bareProcess(): Promise<void> {
  const index = process.argv.indexOf('--bare-process');
  const path = process.argv[index + 1];
  const ranges = JSON.parse(process.argv[index + 2]) as Range[];
  answerReports();
  const summarizer = await createSummarizer({ flavor: 'extractive' });
  const handle = await open(path, 'r');
  const source = fileHandleSource(handle, { label: 'bench', size: (await handle.stat()).size, key: path });
  if (ranges.length > 0) {
    const warmUp = (await readSplit(source, 'jsonl', ranges[0])).slice(0, BARE_WARM_UP_ROWS);
    for (const row of warmUp) await summarizer.summarize([row.article as string]);
  }
  process.on('message', (message) => {
    if (message !== 'go') return;
    const cpu = process.cpuUsage();
    void (async () => {
      let rows = 0;
      for (const range of ranges) {
        for (const row of await readSplit(source, 'jsonl', range)) {
          await summarizer.summarize([row.article as string]);
          rows++;
        }
      }
      await handle.close();
      process.send?.({ done: rows, cpuMs: cpuMsOf(process.cpuUsage(cpu)) });
    })();
  });
  process.send?.('ready');
  process.on('SIGTERM', () => process.exit(0));
}

/** Rows a bare loop summarizes untimed before 'go' (module loading, JIT). */
const BARE_WARM_UP_ROWS = 300;

/** Every child started, killed if the bench fails (they share its stdout: an orphan would hold it open). */
const childProcesses: ChildProcess[] = [];
/** What a failed run still removes (its dataset, its database, its nats-server), newest first. */
const onFailure: Array<() => unknown> = [];

function forkBench(args: string[], execArgv: string[] = []): ChildProcess {
  const child = fork(resolve(__dirname, 'run.js'), [__filename, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...execArgv],
  });
  childProcesses.push(child);
  return child;
}

const nextMessage = <T>(child: ChildProcess, accept: (m: unknown) => boolean): Promise<T> =>
  new Promise((ready, fail) => {
    const onMessage = (m: unknown) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      ready(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => fail(new Error(`bench child exited with ${code}`)));
  });

async function reportOf(child: ChildProcess): Promise<{ maxRssKb: number; cpuMs: number }> {
  const answer = nextMessage<{ maxRssKb: number; cpuMs: number }>(child, (m) => typeof m === 'object' && m !== null);
  child.send('report');
  return answer;
}

async function stopChild(child: ChildProcess): Promise<number | null> {
  const { maxRssKb } = await reportOf(child);
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return maxRssKb;
}

/** N bare loops in N processes at once over the ranges (dealt round-robin); wall time from 'go'. */
async function limitRow(path: string, ranges: Range[], processes: number) {
  const shares = Array.from({ length: processes }, (_, p) => ranges.filter((_, i) => i % processes === p));
  // Embedded, the job runs in this process, with its flags (none): so does the bare loop.
  // With --profile, the bare loops' profiles go to <DIR>/limit: the same work, to compare with the workers'.
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR, 'limit')}`] : [];
  const children = shares.map((share) =>
    forkBench(['--bare-process', path, JSON.stringify(share)], [...(EMBEDDED ? [] : HEAP_FLAGS), ...profile]),
  );
  await Promise.all(children.map((c) => nextMessage(c, (m) => m === 'ready')));
  const started = performance.now();
  const done = children.map((c) =>
    nextMessage<{ done: number; cpuMs: number }>(c, (m) => typeof m === 'object' && m !== null),
  );
  for (const child of children) child.send('go');
  const finished = await Promise.all(done);
  const wallMs = performance.now() - started;
  const rows = finished.reduce((sum, d) => sum + d.done, 0);
  const cpuMs = finished.reduce((sum, d) => sum + d.cpuMs, 0);
  const peaks: number[] = [];
  for (const child of children) peaks.push((await stopChild(child)) ?? 0);
  return { rows, wallMs, peaks, cpuMs };
}

/** A new database on the server of DATABASE_URL for this run, dropped at the end. */
async function ownDatabase(suffix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_batch_${suffix}`;
  const admin = async (sql: string) => {
    const source = await new DataSource({ type: 'postgres', url: DATABASE_URL }).initialize();
    try {
      await source.query(sql);
    } finally {
      await source.destroy();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Rows per partition of this run's jobs (and of the limit's ranges), known once the dataset is. */
let partitionSize = 0;

/** What the orchestrator picks for a job that gives no size (the job's view says it; checked in runJob). */
async function orchestratorDefaultPartitionSize(path: string, bytes: number): Promise<number> {
  const sizing = defaultPartitionSizing(new BatchOrchestratorConfig());
  if (typeof sizing === 'number') return sizing;
  const handle = await open(path, 'r');
  try {
    const source = fileHandleSource(handle, { label: 'bench', size: bytes, key: path });
    return sizing({ sizeBytes: bytes, bytesPerRow: await estimateTextBytesPerRow(source, 'jsonl') });
  } finally {
    await handle.close();
  }
}

/** The limit's pieces: the rows of `rowStarts` in ranges of `size` (as the job's equal partitions). */
function rangesOf(rowStarts: number[], size: number): Range[] {
  const ranges: Range[] = [];
  const rows = rowStarts.length - 1;
  for (let start = 0; start < rows; start += size) {
    const end = Math.min(rows, start + size);
    ranges.push({ startRow: start, endRow: end, startByte: rowStarts[start], endByte: rowStarts[end] });
  }
  return ranges;
}

/** Submits the job, waits for it and prints its figures. */
async function runJob(client: RpcClient, path: string, tableUri: string, workers: ChildProcess[]) {
  const workersCpuBefore = await Promise.all(workers.map(reportOf));
  const benchCpu = process.cpuUsage();
  const startedAt = Date.now();
  const started = performance.now();
  const submitted = await client.request<BatchJobDetailView>(
    SUBJECTS.batch.jobs.submit,
    {
      datasetUri: path,
      modelUri: BUILTIN_EXTRACTIVE_MODEL_URI,
      outputTable: tableUri,
      ...(PARTITION_SIZE === undefined ? {} : { partitionSize: PARTITION_SIZE }),
      keepColumns: ['reference'],
    },
    { timeoutMs: 600_000 },
  );
  const submitMs = performance.now() - started;
  // The limit's bare loops read pieces of this size: a job planned otherwise would not compare.
  if (submitted.partitionSize !== partitionSize) {
    throw new Error(`the job planned partitions of ${submitted.partitionSize} rows, the limit of ${partitionSize}`);
  }
  let peakLoad = 0;
  let lastSample = 0;
  // Polled with the list (the job's counters, no partitions: the detail view of 1,000 partitions
  // is not free for the orchestrator); the bench database holds this run's jobs only, and the
  // newest is this one. The wall time below is the job's own end, not this poll's.
  for (let state = submitted.state; state === 'RUNNING'; ) {
    await new Promise((r) => setTimeout(r, 500));
    peakLoad = Math.max(peakLoad, loadavg()[0]);
    const { jobs } = await client.request<{ jobs: BatchJobView[] }>(SUBJECTS.batch.jobs.list, { limit: 1 });
    const view = jobs.find((j) => j.jobId === submitted.jobId);
    if (!view) throw new Error(`job ${submitted.jobId} is not the newest job of the bench database`);
    state = view.state;
    if (SCALE && (performance.now() - lastSample >= 30_000 || state !== 'RUNNING')) {
      // Memory against partitions worked: flat (bounded) or growing (retained)?
      lastSample = performance.now();
      const rss = workers.map((w) => rssOf(w.pid));
      console.log(
        `  ${view.partitions.done}/${view.partitions.total} partitions done, ${view.rows.written} rows: ` +
          `worker RSS ${rss.map((kb) => (kb === null ? '?' : mb(kb))).join(', ')} (load average ${load()})`,
      );
    }
  }
  const job = await client.request<BatchJobDetailView>(SUBJECTS.batch.jobs.get, { jobId: submitted.jobId });
  // The job's own end (recorded by the orchestrator), not the poll that saw it.
  const wallMs = (job.finishedAt ?? Date.now()) - startedAt;
  const orchestratorCpuMs = cpuMsOf(process.cpuUsage(benchCpu));
  const workersCpuAfter = await Promise.all(workers.map(reportOf));
  const workersCpuMs = workersCpuAfter.reduce((sum, r, i) => sum + r.cpuMs - workersCpuBefore[i].cpuMs, 0);
  const commitMs = job.partitionDetails.map((p) => p.commitMs ?? 0);
  const summarizeMs = job.partitionDetails.reduce((sum, p) => sum + (p.summarizeMs ?? 0), 0);
  const rate = (ROWS / wallMs) * 1000;
  console.log(`job ${job.jobId}: ${job.state}, ${job.rows.written} rows written, ${job.rows.failed} failed`);
  console.log(
    `  submit (plan ${job.partitions.total} partitions from a streamed pass + fan-out): ${submitMs.toFixed(0)} ms`,
  );
  console.log(
    `  wall time ${wallMs.toFixed(0)} ms = ${rate.toFixed(1)} rows/s (load average ${load()}, 1-min peak ${peakLoad.toFixed(2)})`,
  );
  console.log(`  workers' summarization time (sum over partitions): ${summarizeMs.toFixed(0)} ms`);
  console.log(`  Delta commit per partition (${commitMs.length} partitions): ${stats(commitMs)}`);
  if (workers.length > 0) {
    console.log(
      `  CPU: workers ${workersCpuMs.toFixed(0)} ms, orchestrator (+ this bench's polling) ${orchestratorCpuMs.toFixed(0)} ms`,
    );
  }
  return { rate, wallMs, cpuMs: workersCpuMs + orchestratorCpuMs };
}

/** Every row of the table once: counted file by file (a 1M-row table is never read whole). */
async function verifyTable(tableUri: string): Promise<{ rows: number; distinct: number }> {
  const snapshot = await (await DeltaTable.open(tableUri)).snapshot();
  const ids = new Set<string>();
  let rows = 0;
  for (const file of snapshot.files) {
    const path = join(tableUri, decodeURIComponent(file.path));
    const handle = await open(path, 'r');
    try {
      const source = fileHandleSource(handle, { label: file.path, size: (await handle.stat()).size, key: path });
      const read: TabularRow[] = await readRowRange(source, 'parquet', 0, Number.MAX_SAFE_INTEGER);
      rows += read.length;
      for (const row of read) ids.add(String(row.article_id));
    } finally {
      await handle.close();
    }
  }
  return { rows, distinct: ids.size };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llmops-bench-batch-'));
  // A failed --scale run must not leave 3 GB in /tmp (nor a database, nor a nats-server).
  if (!process.argv.includes('--keep')) onFailure.push(() => rmSync(dir, { recursive: true, force: true }));
  const suffix = randomBytes(4).toString('hex');
  console.log(`machine: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), shared; load average at start ${load()}`);
  const generated = performance.now();
  // In a child process: this one's peak RSS is then the orchestrator's (and the client's) alone.
  const generator = forkBench(['--generate-process', dir, ...process.argv.slice(2)]);
  const { path, bytes, rowStarts } = await nextMessage<ReturnType<typeof buildDataset>>(
    generator,
    (m) => typeof m === 'object' && m !== null,
  );
  await new Promise((r) => generator.once('exit', r));
  partitionSize = PARTITION_SIZE ?? (await orchestratorDefaultPartitionSize(path, bytes));
  const ranges = rangesOf(rowStarts, partitionSize);
  console.log(
    `dataset: ${ROWS.toLocaleString('en-US')} articles, ${(bytes / 1024 ** 2).toFixed(0)} MB (${path}, generated in ` +
      `${((performance.now() - generated) / 1000).toFixed(1)} s); ${WORKERS} worker(s); partitions of ${partitionSize} rows ` +
      `(${PARTITION_SIZE === undefined ? "the orchestrator's default for this dataset" : '--partition-size'})`,
  );
  let nats: NatsServerProcess | undefined;
  const natsUrl = EMBEDDED ? '' : option('nats', '') || (nats = await startNatsServer()).url;
  if (nats) onFailure.unshift(() => nats?.stop());
  console.log(
    `mode: ${EMBEDDED ? 'embedded (in-process queue + PGlite)' : `services (JetStream ${natsUrl}${nats ? ', private' : ''} + PostgreSQL)`}` +
      (EMBEDDED ? '' : `; workers' and bare loops' heap flags: ${HEAP_FLAGS.join(' ') || "V8's defaults"}`),
  );

  // A database of its own: an orchestrator resumes every unfinished job of its database at start,
  // so two runs sharing one would work (and fail) each other's partitions.
  const database = EMBEDDED ? undefined : await ownDatabase(suffix);
  if (database) onFailure.unshift(() => database.drop());
  const transport: TransportConfig = EMBEDDED
    ? { kind: 'in-process', bus: new InProcessBus() }
    : { kind: 'nats', url: natsUrl };
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
        DATABASE_URL: EMBEDDED ? `pglite://${join(dir, 'db')}` : database!.url,
        LLMOPS_DATA_DIR: dir,
      }),
      transport,
    ),
    transport,
    { queue: `batch-orchestrator-bench-${suffix}`, logger: false },
  );
  const workers: INestApplicationContext[] = [];
  const children: ChildProcess[] = [];
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  for (let i = 0; i < WORKERS; i++) {
    if (EMBEDDED) {
      workers.push(await startWorker(transport, queue, dir, `bench-${i}`));
      continue;
    }
    const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : [];
    const child = forkBench(
      ['--worker-process', JSON.stringify(queue), dir, `bench-${i}`, natsUrl],
      [...HEAP_FLAGS, ...profile],
    );
    children.push(child);
    await nextMessage(child, (m) => m === 'ready');
  }
  @Module({ imports: [MessagingModule.forRoot(transport)] })
  class ClientRoot {}
  const clientApp = await NestFactory.createApplicationContext(ClientRoot, { logger: false });
  const client = clientApp.get(RpcClient);

  const limitProcesses = EMBEDDED ? 1 : WORKERS;
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const limitPeaks: number[] = [];
  let failed = false;
  let orchestratorPeakKb = 0;
  for (let round = FIRST_ROUND; round <= ROUNDS; round++) {
    const cold = round === 0;
    console.log(
      cold
        ? '\nround 0 (cold replicas: their first job since they started; printed, not in the medians)'
        : `\nround ${round}/${ROUNDS}`,
    );
    // Alternating the order spreads a change of the machine's load over both figures.
    const limitFirst = round % 2 === 1 || cold;
    const limit = limitFirst ? await measureLimit() : undefined;
    const job = await runJob(client, path, join(dir, 'tables', `summaries-${round}`), children);
    if (round === 1) orchestratorPeakKb = process.resourceUsage().maxRSS;
    const after = limit ?? (await measureLimit());
    const limitRate = (after.rows / after.wallMs) * 1000;
    if (!cold) ratios.push(job.rate / limitRate);
    if (!EMBEDDED) {
      // CPU per row hardly depends on the machine's load: what the platform costs on top of the work.
      const jobCpuPerRow = job.cpuMs / ROWS;
      const bareCpuPerRow = after.cpuMs / after.rows;
      if (!cold) cpuRatios.push(bareCpuPerRow / jobCpuPerRow);
      console.log(
        `CPU per row round ${round}: job ${jobCpuPerRow.toFixed(3)} ms (workers + orchestrator; NATS and PostgreSQL not counted), ` +
          `bare ${bareCpuPerRow.toFixed(3)} ms: the job's CPU efficiency ${(bareCpuPerRow / jobCpuPerRow).toFixed(2)}`,
      );
    }
    console.log(
      `RATIO round ${round}: ${WORKERS} worker(s) ${job.rate.toFixed(1)} rows/s = ${(job.rate / limitRate).toFixed(2)} x the limit ` +
        `(${limitRate.toFixed(1)} rows/s, ${limitProcesses} bare loop(s) in ${limitProcesses} process(es) at once, measured ${limitFirst ? 'just before' : 'just after'})`,
    );
    const verified = await verifyTable(join(dir, 'tables', `summaries-${round}`));
    console.log(`table: ${verified.rows} rows, ${verified.distinct} distinct article ids (expected ${ROWS})`);
    if (verified.rows !== ROWS || verified.distinct !== ROWS) failed = true;
  }
  const sortedRatios = [...ratios].sort((x, y) => x - y);
  console.log(
    `\nRATIO median of ${ROUNDS} round(s): ${sortedRatios[Math.floor(sortedRatios.length / 2)].toFixed(2)} x the limit ` +
      `(rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}); load average now ${load()}`,
  );
  if (cpuRatios.length > 0) {
    const sortedCpu = [...cpuRatios].sort((x, y) => x - y);
    console.log(
      `CPU efficiency median: ${sortedCpu[Math.floor(sortedCpu.length / 2)].toFixed(2)} (bare CPU per row / job CPU per row; ` +
        `rounds: ${cpuRatios.map((r) => r.toFixed(2)).join(', ')})`,
    );
  }
  const workerPeaks: Array<number | null> = [];
  for (const child of children) workerPeaks.push(await stopChild(child));
  const natsPeakKb = peakRssOf(nats?.process.pid);
  console.log('peak RSS (whole run):');
  console.log(
    `  bench process (${EMBEDDED ? 'orchestrator + workers + client' : 'orchestrator + client'}, after the first job, before any table was verified): ${mb(orchestratorPeakKb)}`,
  );
  workerPeaks.forEach((kb, i) =>
    console.log(`  worker ${i} (inference replica's batch worker): ${kb === null ? '?' : mb(kb)}`),
  );
  limitPeaks.forEach((kb, i) => console.log(`  bare loop ${i} (limit row): ${mb(kb)}`));
  if (natsPeakKb !== null) console.log(`  nats-server (private): ${mb(natsPeakKb)}`);
  if (!EMBEDDED) console.log("  PostgreSQL: the machine's shared server, not measured");

  async function measureLimit() {
    const limit = await limitRow(path, ranges, limitProcesses);
    limit.peaks.forEach((kb, i) => (limitPeaks[i] = Math.max(limitPeaks[i] ?? 0, kb)));
    console.log(
      `limit: ${limitProcesses} bare loop(s) in ${limitProcesses} process(es) at once, ${limit.rows} rows: ` +
        `${limit.wallMs.toFixed(0)} ms = ${((limit.rows / limit.wallMs) * 1000).toFixed(1)} rows/s (load average ${load()})`,
    );
    return limit;
  }

  for (const app of workers) await app.close();
  await clientApp.close();
  await orchestrator.close();
  if (!EMBEDDED && !nats) {
    const nc = await connect({ servers: natsUrl });
    await (await nc.jetstreamManager()).streams.delete(queue.BATCH_QUEUE_STREAM).catch(() => undefined);
    await nc.drain();
  }
  await nats?.stop();
  await database?.drop();
  if (process.argv.includes('--keep')) console.log(`kept ${dir} (${statSync(path).size} bytes of dataset)`);
  else rmSync(dir, { recursive: true, force: true });
  if (failed) process.exitCode = 1;
}

/** `--generate-process <dir> <bench options>`: writes the dataset, sends its path, size and ranges. */
async function generateProcess(): Promise<void> {
  const dataset = buildDataset(process.argv[process.argv.indexOf('--generate-process') + 1]);
  await new Promise<void>((sent) => process.send?.(dataset, undefined, {}, () => sent()));
  process.exit(0);
}

const entry = process.argv.includes('--generate-process')
  ? generateProcess()
  : process.argv.includes('--worker-process')
    ? workerProcess()
    : process.argv.includes('--bare-process')
      ? bareProcess()
      : main();
entry.catch(async (error) => {
  console.error(error);
  for (const child of childProcesses) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of onFailure) {
    try {
      await cleanup();
    } catch (cleanupError) {
      console.error(`cleanup after the failure failed: ${(cleanupError as Error).message}`);
    }
  }
  process.exit(1);
});
