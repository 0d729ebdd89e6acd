/**
 * Tracking ingestion and search through the MLflow REST API, as MLflow's client calls it:
 *   npm run bench:tracking                       both ways to run, auth on (a bearer token)
 *   npm run bench:tracking -- --mode services    services mode only (or --mode embedded)
 * Options: --mode services|embedded|both (both), --auth on|off (on), --runs N (runs searched, 10000),
 *   --batches N (log-batch calls measured, 30), --rounds N (rounds of 200 concurrent log-metric, 5),
 *   --searches N (search_runs calls measured, 20), --database URL (services mode; env DATABASE_URL,
 *   default postgres://postgres@127.0.0.1:5432/llmops_bench_tracking, created when missing and
 *   dropped at the end), --server-args "<node flags>" (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, for
 *   the server processes; node's own arguments, since Node refuses --cpu-prof in NODE_OPTIONS).
 *   Env BENCH_SERVER_LOG=<file>: services mode appends the services' output there.
 *
 * Services mode is `npm run services`' launcher (every app its own process, its own nats-server,
 * PostgreSQL); embedded is `llmops serve` (one process, in-process bus, PGlite) in a child process.
 * The client is this process, over keep-alive HTTP, as a developer with an API token (auth on: each
 * call authenticated and its permission checked, as for any user who is not an admin). The per-token rate limit stays
 * on (each call takes from the token's bucket in the identity service, as shipped) but raised to
 * 100,000/s and a burst of 100,000: 200 concurrent calls are above its default burst of 100. Prints each figure, its target (issue 14: services log-batch p50 <= 20 ms, 200
 * concurrent log-metric p99 <= 250 ms, search over 10k runs <= 100 ms; embedded within 3x), and the
 * load average. Each figure comes with the CPU time the server side spent per call (every
 * process this bench started, by name, and the PostgreSQL backends of its database, from /proc):
 * unlike latencies, it hardly depends on what else the machine is running.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dropDatabase, freePort, startServices } from './services';

const ROOT = resolve(__dirname, '..');

interface Args {
  modes: Array<'services' | 'embedded'>;
  auth: 'on' | 'off';
  runs: number;
  batches: number;
  rounds: number;
  searches: number;
  databaseUrl: string;
  serverArgs: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    modes: ['services', 'embedded'],
    auth: 'on',
    runs: 10_000,
    batches: 30,
    rounds: 5,
    searches: 20,
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/llmops_bench_tracking',
    serverArgs: [],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
      return n;
    };
    switch (flag) {
      case '--mode':
        if (!['services', 'embedded', 'both'].includes(value)) throw new Error('--mode: services, embedded or both');
        args.modes = value === 'both' ? ['services', 'embedded'] : [value as 'services' | 'embedded'];
        break;
      case '--auth':
        if (value !== 'on' && value !== 'off') throw new Error('--auth: on or off');
        args.auth = value;
        break;
      case '--runs':
        args.runs = count();
        break;
      case '--batches':
        args.batches = count();
        break;
      case '--rounds':
        args.rounds = count();
        break;
      case '--searches':
        args.searches = count();
        break;
      case '--database':
        args.databaseUrl = value;
        break;
      case '--server-args':
        args.serverArgs = value.split(/\s+/).filter(Boolean);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
}

// --- HTTP client --------------------------------------------------------------------------------

// Idle sockets are dropped after 4 s, before the server's 5 s keep-alive timeout closes them.
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });

interface Client {
  /** POST to an MLflow REST path (`runs/log-batch`) or, starting with `/`, any API path. */
  post(path: string, body: unknown): Promise<unknown>;
}

function clientOf(baseUrl: string, token: string | undefined): Client {
  const url = new URL(baseUrl);
  const send = (path: string, payload: Buffer, retries: number): Promise<unknown> =>
    new Promise((resolvePost, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: path.startsWith('/') ? path : `/api/2.0/mlflow/${path}`,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(payload.length),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 && res.statusCode !== 201) {
              reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 300)}`));
            } else resolvePost(text ? JSON.parse(text) : {});
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as it was reused (Node's documented race): again.
        if (retries > 0 && req.reusedSocket && error.code === 'ECONNRESET')
          send(path, payload, retries - 1).then(resolvePost, reject);
        else reject(error);
      });
      req.end(payload);
    });
  return { post: (path, body) => send(path, Buffer.from(JSON.stringify(body)), 3) };
}

/** A developer (not an admin, so every call's permission is checked) and its API token. */
async function developerToken(admin: Client): Promise<string> {
  const name = `bench-${randomBytes(4).toString('hex')}`;
  await admin.post('/api/v1/users', { name, roles: ['developer'] });
  const token = (await admin.post('/api/v1/tokens', { user: name, name: 'bench' })) as { secret: string };
  return token.secret;
}

// --- servers ----------------------------------------------------------------------------------

interface Server {
  url: string;
  token?: string;
  /** The end of the server's output (embedded), for a failure's message. */
  output?: () => string;
  /** PostgreSQL backend pids of the server's database (services mode), for their CPU time. */
  databaseBackends?: () => Promise<number[]>;
  stop(): Promise<void>;
}

async function startServicesMode(args: Args, token: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-bench-tracking-services-'));
  const running = await startServices({
    dataDir,
    databaseUrl: args.databaseUrl,
    port: 0,
    opsPort: 0,
    inferenceReplicas: 1,
    auth: args.auth,
    env: {
      ...(args.auth === 'on' ? { LLMOPS_ADMIN_TOKEN: token } : {}),
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      LOG_REQUESTS: 'false',
    },
    nodeArgs: args.serverArgs,
    // The services' output, for a failure's cause (a 500 says nothing more): BENCH_SERVER_LOG=<file>.
    output: (line) => {
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, line + '\n');
    },
    dropDatabaseOnStop: false,
  });
  const db = await new DataSource({ type: 'postgres', url: args.databaseUrl }).initialize();
  const database = new URL(args.databaseUrl).pathname.slice(1);
  return {
    url: running.gatewayUrl,
    token: args.auth === 'on' ? token : undefined,
    databaseBackends: async () =>
      (
        (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          database,
        ])) as Array<{ pid: number }>
      ).map((r) => r.pid),
    async stop() {
      await db.destroy();
      await running.stop();
      await dropDatabase(args.databaseUrl).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startEmbeddedMode(args: Args, token: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-bench-tracking-embedded-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...args.serverArgs,
      join(ROOT, 'tools/run.js'),
      join(ROOT, 'apps/cli/src/main.ts'),
      'serve',
      '--port',
      String(port),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LLMOPS_DATA_DIR: dataDir,
        LLMOPS_AUTH: args.auth,
        LLMOPS_ADMIN_TOKEN: token,
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
        LOG_REQUESTS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llmops serve exited: ${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`llmops serve not ready in 3 minutes: ${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    token: args.auth === 'on' ? token : undefined,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// --- server CPU time (Linux /proc) ----------------------------------------------------------------

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcessCpu {
  name: string;
  ms: number;
}

/** utime + stime of a process, in ms (0 once it is gone). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name in parentheses: state, ppid, ... utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every process descending from this one, named by what it runs (gateway, tracking, nats-server...). */
function descendants(): ProcessCpu[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const app = argv.map((a) => /apps\/([a-z-]+)\/src\/main\.ts$/.exec(a)?.[1]).find(Boolean);
      names.set(Number(entry), app === 'cli' ? 'llmops serve' : (app ?? argv[0].split('/').pop() ?? 'other'));
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...parents.keys()].filter(mine).map((pid) => ({ name: names.get(pid) ?? 'other', ms: cpuMsOf(pid) }));
}

/** CPU ms so far by process name: the server's processes and its PostgreSQL backends. */
async function serverCpu(server: Server): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  const add = (name: string, ms: number) => byName.set(name, (byName.get(name) ?? 0) + ms);
  for (const p of descendants()) if (p.name !== 'node' || p.ms > 0) add(p.name, p.ms);
  for (const pid of (await server.databaseBackends?.()) ?? []) add('postgres', cpuMsOf(pid));
  return byName;
}

/**
 * Waits for the calls' spans to be exported and stored: the services batch them for up to
 * OTEL_BSP_SCHEDULE_DELAY (5 s), and a call's CPU includes storing its trace. The calls before the
 * measured ones (warm-up) leave theirs in the window too, so the window holds about as much as it
 * should, a little more (never less).
 */
async function spansExported(): Promise<void> {
  const delayMs = Number(process.env.OTEL_BSP_SCHEDULE_DELAY || 5000);
  await new Promise((resolveWait) => setTimeout(resolveWait, delayMs + 2000));
}

/** Server CPU per call between two readings: total and the largest parts. */
function cpuPerCall(before: Map<string, number>, after: Map<string, number>, calls: number): string {
  const parts = [...after.entries()]
    .map(([name, ms]) => [name, (ms - (before.get(name) ?? 0)) / calls] as const)
    .filter(([, ms]) => ms >= 0.005)
    .sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
  return `server CPU ${total.toFixed(2)} ms/call (${parts.map(([n, ms]) => `${n} ${ms.toFixed(2)}`).join(', ')})`;
}

// --- workloads --------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function createRun(client: Client, experimentId: string, name: string): Promise<string> {
  const created = (await client.post('runs/create', {
    experiment_id: experimentId,
    run_name: name,
    start_time: Date.now(),
  })) as { run: { info: { run_id: string } } };
  return created.run.info.run_id;
}

/** MLflow's client log_batch of 1,000 metrics: 100 keys x 10 steps, as a training loop logs them. */
async function logBatch(client: Client, experimentId: string, calls: number, warmedUp: () => Promise<void>) {
  const runId = await createRun(client, experimentId, 'log-batch');
  const times: number[] = [];
  for (let call = -3; call < calls; call++) {
    if (call === 0) await warmedUp();
    const now = Date.now();
    const metrics = Array.from({ length: 1000 }, (_, i) => ({
      key: `loss_${i % 100}`,
      value: Math.random(),
      timestamp: now,
      step: (call + 3) * 10 + Math.floor(i / 100),
    }));
    const t = await timed(() => client.post('runs/log-batch', { run_id: runId, metrics }));
    if (call >= 0) times.push(t); // the first three warm up
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** 200 log-metric calls at once (one run, 200 keys), `rounds` times. */
async function concurrentLogMetric(
  client: Client,
  experimentId: string,
  rounds: number,
  warmedUp: () => Promise<void>,
) {
  const runId = await createRun(client, experimentId, 'log-metric');
  const latencies: number[] = [];
  const throughputs: number[] = [];
  for (let round = -1; round < rounds; round++) {
    if (round === 0) await warmedUp();
    const start = performance.now();
    const times = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        timed(() =>
          client.post('runs/log-metric', {
            run_id: runId,
            key: `m_${i}`,
            value: Math.random(),
            timestamp: Date.now(),
            step: round + 1,
          }),
        ),
      ),
    );
    const wall = performance.now() - start;
    if (round < 0) continue; // warm-up round
    latencies.push(...times);
    throughputs.push(200 / (wall / 1000));
  }
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    throughput: percentile(throughputs, 50),
  };
}

/** `runs` runs with 3 params, 3 metrics and 2 tags each, created 32 at a time. */
async function seedRuns(client: Client, experimentId: string, runs: number): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= runs) return;
      const runId = await createRun(client, experimentId, `run-${i}`);
      await client.post('runs/log-batch', {
        run_id: runId,
        params: [
          { key: 'model', value: i % 2 ? 't5-small' : 'extractive' },
          { key: 'max_new_tokens', value: String(40 + (i % 5) * 10) },
          { key: 'seed', value: String(i) },
        ],
        metrics: [
          { key: 'rouge1', value: (i % 1000) / 1000, timestamp: Date.now(), step: 0 },
          { key: 'rouge2', value: (i % 500) / 1000, timestamp: Date.now(), step: 0 },
          { key: 'latency_ms', value: 100 + (i % 300), timestamp: Date.now(), step: 0 },
        ],
        tags: [
          // As MLflow's client tags every run (mlflow.user is the server's to set when auth is on).
          { key: 'mlflow.source.type', value: 'LOCAL' },
          { key: 'stage', value: i % 10 === 0 ? 'candidate' : 'dev' },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return (performance.now() - start) / 1000;
}

interface SearchCase {
  name: string;
  body: Record<string, unknown>;
  expect: number;
}

async function searches(client: Client, experimentId: string, runs: number, count: number, server: Server) {
  const cases: SearchCase[] = [
    {
      name: "filter metrics.rouge1 > 0.9 AND params.model = 't5-small', order by rouge1, 100 runs",
      body: {
        filter: "metrics.rouge1 > 0.9 AND params.model = 't5-small'",
        order_by: ['metrics.rouge1 DESC'],
        max_results: 100,
      },
      expect: Math.min(100, Array.from({ length: runs }, (_, i) => i).filter((i) => i % 1000 > 900 && i % 2).length),
    },
    {
      name: 'first page of 1,000 runs (MLflow client default), newest first',
      body: { max_results: 1000 },
      expect: 1000,
    },
  ];
  const results: Array<{ name: string; p50: number; p95: number; cpu: string }> = [];
  for (const c of cases) {
    const times: number[] = [];
    let cpuBefore = new Map<string, number>();
    for (let i = -2; i < count; i++) {
      if (i === 0) cpuBefore = await serverCpu(server);
      let got = 0;
      const t = await timed(async () => {
        const answer = (await client.post('runs/search', { experiment_ids: [experimentId], ...c.body })) as {
          runs?: unknown[];
        };
        got = answer.runs?.length ?? 0;
      });
      if (got !== Math.min(c.expect, runs)) throw new Error(`${c.name}: ${got} runs, expected ${c.expect}`);
      if (i >= 0) times.push(t);
    }
    // A search's CPU includes storing its trace, as an ingestion call's does.
    await spansExported();
    const cpu = cpuPerCall(cpuBefore, await serverCpu(server), count);
    results.push({ name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), cpu });
  }
  return results;
}

/** Runs ANALYZE when the server's autovacuum is off (then nothing else would); true if it did. */
async function analyzeUnlessAutovacuum(databaseUrl: string): Promise<boolean> {
  const db = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  try {
    const rows: Array<{ autovacuum: string }> = await db.query('SHOW autovacuum');
    if (rows[0]?.autovacuum === 'on') return false;
    await db.query('ANALYZE');
    return true;
  } finally {
    await db.destroy();
  }
}

// --- main -------------------------------------------------------------------------------------

const TARGETS = { logBatchP50: 20, logMetricP99: 250, search: 100 };

async function benchMode(mode: 'services' | 'embedded', args: Args): Promise<void> {
  const token = `bench-${randomBytes(24).toString('hex')}`;
  const factor = mode === 'services' ? 1 : 3;
  console.log(`\n== ${mode} mode (auth ${args.auth}) ==`);
  const server = mode === 'services' ? await startServicesMode(args, token) : await startEmbeddedMode(args, token);
  try {
    const client = server.token
      ? clientOf(server.url, await developerToken(clientOf(server.url, server.token)))
      : clientOf(server.url, undefined);
    const experiment = (await client.post('experiments/create', {
      name: `bench-${randomBytes(4).toString('hex')}`,
    })) as {
      experiment_id: string;
    };
    const verdict = (value: number, target: number) =>
      `${ms(value)}  (target <= ${target * factor} ms: ${value <= target * factor ? 'met' : 'NOT met'})`;

    let cpuBefore = new Map<string, number>();
    const warmedUp = async () => {
      cpuBefore = await serverCpu(server);
    };
    const batch = await logBatch(client, experiment.experiment_id, args.batches, warmedUp);
    await spansExported();
    const batchCpu = cpuPerCall(cpuBefore, await serverCpu(server), args.batches);
    console.log(
      `log-batch, 1,000 metrics (${args.batches} calls): p50 ${verdict(batch.p50, TARGETS.logBatchP50)}, p95 ${ms(batch.p95)}; ${batchCpu}`,
    );

    const metric = await concurrentLogMetric(client, experiment.experiment_id, args.rounds, warmedUp);
    await spansExported();
    const metricCpu = cpuPerCall(cpuBefore, await serverCpu(server), args.rounds * 200);
    console.log(
      `200 concurrent log-metric (${args.rounds} rounds): ${metric.throughput.toFixed(0)} calls/s, ` +
        `p50 ${ms(metric.p50)}, p99 ${verdict(metric.p99, TARGETS.logMetricP99)}; ${metricCpu}`,
    );

    const searchExperiment = (await client.post('experiments/create', {
      name: `bench-search-${randomBytes(4).toString('hex')}`,
    })) as { experiment_id: string };
    const seeded = await seedRuns(client, searchExperiment.experiment_id, args.runs);
    console.log(`seeded ${args.runs} runs (create + log-batch each, 32 at a time) in ${seeded.toFixed(1)} s`);
    for (const s of await searches(client, searchExperiment.experiment_id, args.runs, args.searches, server)) {
      console.log(
        `search_runs over ${args.runs} runs, ${s.name}: p50 ${verdict(s.p50, TARGETS.search)}, p95 ${ms(s.p95)}; ${s.cpu}`,
      );
    }
    if (mode === 'services' && (await analyzeUnlessAutovacuum(args.databaseUrl))) {
      // What autovacuum would have done by now on a server that runs it: the planner's statistics.
      console.log('the server runs no autovacuum: ANALYZE, then the same searches');
      for (const s of await searches(client, searchExperiment.experiment_id, args.runs, args.searches, server)) {
        console.log(
          `search_runs over ${args.runs} runs after ANALYZE, ${s.name}: p50 ${verdict(s.p50, TARGETS.search)}, p95 ${ms(s.p95)}; ${s.cpu}`,
        );
      }
    }
  } catch (error) {
    if (server.output) console.error(`server output:\n${server.output()}`);
    throw error;
  } finally {
    await server.stop();
  }
  console.log(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} on ${cpus().length} CPU(s)`,
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(
    `bench:tracking, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPU(s)`,
  );
  for (const mode of args.modes) await benchMode(mode, args);
  agent.destroy();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
