/**
 * Services mode on one machine: every app its own process (`node tools/run.js apps/<app>/src/main.ts`)
 * on NATS and PostgreSQL, as the containers run them. By default the launcher starts its own
 * nats-server with the shipped configuration (docker/nats/nats-server.conf) and NKEYs it generates
 * for this run, one per service: anonymous clients are refused, each service holds only its subjects.
 *   npm run services                               gateway on :5000, 2 inference replicas
 *   npm run services -- --inference-replicas 4 --port 5050 --data-dir /tmp/llmops
 * Options: --port N (env PORT, default 5000), --inference-replicas N (default 2), --data-dir DIR
 *   (env LLMOPS_DATA_DIR, default ./.llmops-services: artifacts/, datasets/, tables/, cache/, nats/),
 *   --nats URL (env NATS_URL: an operator's own NATS instead of the launcher's), --nats-credentials
 *   DIR (env NATS_CREDENTIALS_DIR: with --nats, each service's NKEY seed as DIR/<service>.nk, what
 *   `npm run nats:credentials` writes; required unless LLMOPS_AUTH=off), --database URL (env DATABASE_URL, default
 *   postgres://postgres@127.0.0.1:5432/llmops; the database is created when missing), --ops-port N
 *   (first ops port, default 9464; 0 picks free ones).
 * Authentication is on unless LLMOPS_AUTH=off; with no LLMOPS_ADMIN_TOKEN(_FILE), the first admin's
 * token is generated into <data dir>/admin-token (0600). Then, in another terminal:
 * `npm run llmops -- walkthrough --gateway http://localhost:5000 --token "$(cat .llmops-services/admin-token)"`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { authEnabled } from '@llmops/authz';
import { createNkeyUser, freePort, NatsServerProcess, nkeyVariable, startNatsServer } from '@llmops/messaging';

export { freePort };

const REPO_ROOT = resolve(__dirname, '..');
/** The configuration compose runs NATS with (generated from SUBJECTS: docker/nats/generate-nats-conf.ts). */
export const NATS_CONF = join(REPO_ROOT, 'docker/nats/nats-server.conf');

export const DEFAULTS = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/llmops',
  dataDir: './.llmops-services',
  port: 5000,
  opsPort: 9464,
  inferenceReplicas: 2,
  readyTimeoutMs: 180_000,
} as const;

/** The apps run as services, in start order; the gateway last (its /readyz asks the others). */
export const SERVICE_APPS = ['identity', 'tracking', 'registry', 'batch-orchestrator', 'inference', 'gateway'] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

export interface ServicesOptions {
  /** Artifacts, tables and caches live under it (created if missing). */
  dataDir?: string;
  /**
   * An operator's own NATS. Unset: the launcher starts its own nats-server (the shipped
   * configuration, NKEYs generated for this run, JetStream under <dataDir>/nats/jetstream) and stops it last.
   */
  natsUrl?: string;
  /** With `natsUrl`: each service's NKEY seed as <dir>/<service>.nk (`npm run nats:credentials`). */
  natsCredentialsDir?: string;
  /** A postgres:// URL; its database is created when missing. */
  databaseUrl?: string;
  /** The gateway's HTTP port; 0 picks a free one. */
  port?: number;
  /** First ops port (each process takes the next); 0 picks free ones. */
  opsPort?: number;
  inferenceReplicas?: number;
  /** Extra environment for every process (e.g. LOG_LEVEL); the plan's own variables win. */
  env?: NodeJS.ProcessEnv;
  /** Where each process's prefixed lines go (default: this process's stdout). */
  output?: (line: string) => void;
  /** How long to wait for every process and the gateway's /readyz (default 3 minutes). */
  readyTimeoutMs?: number;
  /**
   * LLMOPS_AUTH for every process (default: the environment's, else `on`, as everywhere on the
   * platform). With `on` and no LLMOPS_ADMIN_TOKEN(_FILE), the first admin's token is generated once
   * per data directory into `<dataDir>/admin-token` (mode 0600) and reused by later starts.
   */
  auth?: 'on' | 'off';
  /** Drop the database on stop (tests that created a throwaway one). */
  dropDatabaseOnStop?: boolean;
  /**
   * Node flags for every service process (e.g. --cpu-prof, which Node refuses in NODE_OPTIONS).
   */
  nodeArgs?: string[];
  /** Told of each process as it is spawned (before the start finishes or fails). */
  onSpawn?: (name: string, pid: number) => void;
}

/** One process of the plan: its name (`inference-2`), its app, its environment, its ops port. */
export interface ServiceProcessSpec {
  name: string;
  app: ServiceApp;
  env: Record<string, string>;
  /** Port of /healthz, /readyz, /metrics (the gateway serves them on its API port). */
  opsPort: number;
}

export interface RunningService extends ServiceProcessSpec {
  pid: number;
  /** Base URL of its ops endpoints. */
  opsUrl: string;
  /** Every line it wrote (stdout and stderr), unprefixed. */
  lines(): string[];
}

export interface RunningServices {
  gatewayUrl: string;
  /** The NATS the services use; `own` when the launcher started it. */
  nats: { url: string; own: boolean };
  /** A service user's NKEY seed file (tests connect as a service), when the services have credentials. */
  natsSeedFile(service: ServiceApp): string | undefined;
  dataDir: string;
  databaseUrl: string;
  auth: 'on' | 'off';
  /** The generated admin token's file, when auth is on and the operator set no LLMOPS_ADMIN_TOKEN. */
  adminTokenFile?: string;
  services: RunningService[];
  /** SIGTERM to every process (gateway first), SIGKILL to any still alive after 15 s. Idempotent. */
  stop(): Promise<void>;
  /** Resolves with the first process that exits while not stopping (a crash after start). */
  died: Promise<{ name: string; code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The environment of each process, with only variables its config class reads (docker/compose.yaml
 * sets the same ones; tests/e2e/compose.spec.ts checks both against the config classes).
 */
export function servicePlan(options: {
  dataDir: string;
  natsUrl: string;
  databaseUrl: string;
  port: number;
  opsPorts: number[];
  inferenceReplicas: number;
  /** Each app's NKEY seed file (its NATS user is the app's name); none: anonymous (LLMOPS_AUTH=off). */
  natsSeedFiles?: Partial<Record<ServiceApp, string>>;
}): ServiceProcessSpec[] {
  const dataDir = resolve(options.dataDir);
  const artifactRoot = pathToFileURL(join(dataDir, 'artifacts')).href;
  const common = { NATS_URL: options.natsUrl };
  const specs: Array<Omit<ServiceProcessSpec, 'opsPort'>> = [
    { name: 'identity', app: 'identity', env: { ...common, DATABASE_URL: options.databaseUrl } },
    {
      name: 'tracking',
      app: 'tracking',
      env: { ...common, DATABASE_URL: options.databaseUrl, ARTIFACT_ROOT: artifactRoot },
    },
    { name: 'registry', app: 'registry', env: { ...common, DATABASE_URL: options.databaseUrl } },
    {
      name: 'batch-orchestrator',
      app: 'batch-orchestrator',
      env: { ...common, TRANSPORT: 'nats', DATABASE_URL: options.databaseUrl, LLMOPS_DATA_DIR: dataDir },
    },
  ];
  for (let i = 1; i <= options.inferenceReplicas; i++) {
    specs.push({
      name: `inference-${i}`,
      app: 'inference',
      env: {
        ...common,
        INFERENCE_CACHE_DIR: join(dataDir, 'cache', `inference-${i}`),
        // The batch worker resolves datasets and tables under the orchestrator's roots.
        LLMOPS_DATA_DIR: dataDir,
      },
    });
  }
  specs.push({
    name: 'gateway',
    app: 'gateway',
    // Dataset uploads are staged under <dataDir>/datasets/.uploads and published by the orchestrator.
    env: { ...common, PORT: String(options.port), LLMOPS_DATA_DIR: dataDir },
  });
  if (options.opsPorts.length < specs.length - 1) {
    throw new Error(`servicePlan needs ${specs.length - 1} ops ports, got ${options.opsPorts.length}`);
  }
  return specs.map((spec, i) => {
    const opsPort = spec.app === 'gateway' ? options.port : options.opsPorts[i];
    const seedFile = options.natsSeedFiles?.[spec.app];
    const env = {
      ...spec.env,
      ...(seedFile ? { NATS_NKEY_SEED_FILE: seedFile } : {}),
      ...(spec.app === 'gateway' ? {} : { OPS_PORT: String(opsPort) }),
    };
    return { ...spec, env, opsPort };
  });
}

/** Creates the URL's database when missing. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name '${name}' must be letters, digits or _`);
  const admin = await adminConnection(url);
  try {
    const found: unknown[] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.length === 0) {
      // Two launchers racing: the loser's CREATE fails with duplicate_database, which is fine.
      await admin.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await admin.destroy();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) return;
  const admin = await adminConnection(url);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}

/** A connection to the same server's `postgres` database (pg, through TypeORM: no extra typings). */
function adminConnection(url: URL): Promise<DataSource> {
  const admin = new URL(url.href);
  admin.pathname = '/postgres';
  return new DataSource({ type: 'postgres', url: admin.href }).initialize();
}

/** A port free right now on the loopback interface (the OS picks it). */

/**
 * Starts every app as its own process and resolves once each answers its /readyz with 200 (the
 * gateway last: its /readyz asks every service over NATS). Rejects, after stopping the others, if a
 * process dies or the platform is not ready in time.
 */
export async function startServices(options: ServicesOptions = {}): Promise<RunningServices> {
  const dataDir = resolve(options.dataDir ?? DEFAULTS.dataDir);
  const databaseUrl = options.databaseUrl ?? DEFAULTS.databaseUrl;
  const replicas = options.inferenceReplicas ?? DEFAULTS.inferenceReplicas;
  const output = options.output ?? ((line: string) => process.stdout.write(line + '\n'));
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs;
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error('inferenceReplicas must be an integer >= 1');

  const auth = options.auth ?? launcherAuth(process.env);
  checkNatsCredentials(options.natsUrl, options.natsCredentialsDir, auth);
  for (const sub of ['artifacts', 'datasets', 'tables', 'cache']) mkdirSync(join(dataDir, sub), { recursive: true });
  const adminTokenFile =
    auth === 'on' ? generatedAdminTokenFile(dataDir, { ...process.env, ...options.env }) : undefined;
  await ensureDatabase(databaseUrl);

  const count = SERVICE_APPS.length - 2 + replicas;
  const firstOps = options.opsPort ?? DEFAULTS.opsPort;
  const opsPorts: number[] = [];
  for (let i = 0; i < count; i++) opsPorts.push(firstOps === 0 ? await freePort() : firstOps + i);
  const port = options.port === 0 ? await freePort() : (options.port ?? DEFAULTS.port);
  const nats = await prepareNats({
    natsUrl: options.natsUrl,
    credentialsDir: options.natsCredentialsDir,
    dataDir,
  });
  const plan = servicePlan({
    dataDir,
    natsUrl: nats.url,
    databaseUrl,
    port,
    opsPorts,
    inferenceReplicas: replicas,
    natsSeedFiles: nats.seedFiles,
  });

  const width = Math.max(...plan.map((s) => s.name.length));
  const children = new Map<string, ChildProcess>();
  const lines = new Map<string, string[]>();
  let stopping = false;
  let reportDeath: (death: { name: string; code: number | null; signal: NodeJS.Signals | null }) => void = () =>
    undefined;
  const died = new Promise<{ name: string; code: number | null; signal: NodeJS.Signals | null }>((resolveDeath) => {
    reportDeath = resolveDeath;
  });

  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((done) => child.once('exit', () => done()));

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      // The gateway first (no new requests), then the services; inference drains in-flight work.
      for (const name of ['gateway', ...plan.map((s) => s.name).filter((n) => n !== 'gateway')]) {
        children.get(name)?.kill('SIGTERM');
      }
      await Promise.all(
        [...children.values()].map(async (child) => {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            exited(child),
            new Promise<void>((done) => {
              timer = setTimeout(() => {
                child.kill('SIGKILL');
                done();
              }, 15_000);
            }),
          ]);
          clearTimeout(timer);
          await exited(child);
        }),
      );
      // NATS last: services drain over it.
      await nats.stop();
      if (options.dropDatabaseOnStop) await dropDatabase(databaseUrl);
    })());
  nats.died?.then((code) => {
    if (stopping) return;
    output(`[nats] exited (${code})`);
    reportDeath({ name: 'nats', code, signal: null });
  });

  for (const spec of plan) {
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), join(REPO_ROOT, 'tools/run.js'), `apps/${spec.app}/src/main.ts`],
      {
        cwd: REPO_ROOT,
        // Auth is platform-wide (libs/authz reads LLMOPS_AUTH in any process), not one app's setting.
        // LLMOPS_EXIT_WITH_PARENT: a launcher killed outright (SIGKILL) must not leave services
        // serving the shared NATS subjects (tools/run.js watches the parent).
        env: {
          ...process.env,
          LLMOPS_AUTH: auth,
          LLMOPS_EXIT_WITH_PARENT: '1',
          ...(adminTokenFile && spec.app === 'identity' ? { LLMOPS_ADMIN_TOKEN_FILE: adminTokenFile } : {}),
          ...options.env,
          ...spec.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.set(spec.name, child);
    if (child.pid !== undefined) options.onSpawn?.(spec.name, child.pid);
    const kept: string[] = [];
    lines.set(spec.name, kept);
    const prefix = `[${spec.name.padEnd(width)}] `;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        kept.push(line);
        output(prefix + line);
      });
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      output(`${prefix}exited (${signal ?? `code ${code}`})`);
      reportDeath({ name: spec.name, code, signal });
    });
  }

  const services: RunningService[] = plan.map((spec) => ({
    ...spec,
    pid: children.get(spec.name)!.pid!,
    opsUrl: `http://127.0.0.1:${spec.opsPort}`,
    lines: () => [...lines.get(spec.name)!],
  }));
  const gatewayUrl = `http://127.0.0.1:${port}`;

  const polling = new AbortController();
  const ready = waitReady(
    services.map((s) => s.opsUrl),
    gatewayUrl,
    readyTimeoutMs,
    polling.signal,
  );
  const deathAtStart = died.then((death) => {
    throw new Error(`${death.name} exited during start (${death.signal ?? `code ${death.code}`})`);
  });
  // Whichever loses the race settles later (a crash after start, an abandoned poll): not unhandled.
  ready.catch(() => undefined);
  deathAtStart.catch(() => undefined);
  try {
    await Promise.race([ready, deathAtStart]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    polling.abort();
  }
  return {
    gatewayUrl,
    nats: { url: nats.url, own: nats.own },
    natsSeedFile: (service) => nats.seedFiles[service],
    dataDir,
    databaseUrl,
    auth,
    adminTokenFile,
    services,
    stop,
    died,
  };
}

interface PreparedNats {
  url: string;
  own: boolean;
  seedFiles: Partial<Record<ServiceApp, string>>;
  /** Own server only: resolves with its exit code if it exits. */
  died?: Promise<number | null>;
  stop(): Promise<void>;
}

/** Refuses, before anything starts, an operator's NATS without credentials when auth is on. */
function checkNatsCredentials(natsUrl: string | undefined, credentialsDir: string | undefined, auth: 'on' | 'off') {
  if (!natsUrl || credentialsDir || auth === 'off') return;
  throw new Error(
    `--nats ${natsUrl} with authentication on needs each service's NATS credentials: --nats-credentials DIR ` +
      '(env NATS_CREDENTIALS_DIR) holding <service>.nk NKEY seeds, as `npm run nats:credentials -- --out DIR` ' +
      "writes them (the server's configuration needs their public keys: docs/deploy.md). Or leave out --nats: " +
      'the launcher then runs its own NATS with credentials.',
  );
}

/**
 * The NATS the services use and each one's credentials: the launcher's own nats-server (the
 * shipped configuration, a fresh NKEY per service user, seeds under <dataDir>/nats/keys removed
 * on stop), or an operator's, with seeds from a directory (anonymous only with auth off).
 */
/** The platform's rule (libs/authz `authEnabled`): authentication is on unless LLMOPS_AUTH=off. */
export function launcherAuth(env: NodeJS.ProcessEnv): 'on' | 'off' {
  return authEnabled(env) ? 'on' : 'off';
}

/**
 * With auth on, identity refuses to start without a first admin's token. An operator who set none
 * gets one generated per data directory (as Jupyter does), kept in a file only its owner can read, so
 * the platform is never reachable without a token merely because nobody chose one.
 */
export function generatedAdminTokenFile(dataDir: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.LLMOPS_ADMIN_TOKEN || env.LLMOPS_ADMIN_TOKEN_FILE) return undefined;
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return file;
}

async function prepareNats(options: {
  natsUrl?: string;
  credentialsDir?: string;
  dataDir: string;
}): Promise<PreparedNats> {
  if (options.natsUrl) {
    const url = options.natsUrl;
    if (!options.credentialsDir) return { url, own: false, seedFiles: {}, stop: async () => undefined };
    const seedFiles: Partial<Record<ServiceApp, string>> = {};
    for (const app of SERVICE_APPS) {
      const path = resolve(options.credentialsDir, `${app}.nk`);
      if (!existsSync(path)) throw new Error(`${path} is missing: --nats-credentials needs one NKEY seed per service`);
      seedFiles[app] = path;
    }
    return { url, own: false, seedFiles, stop: async () => undefined };
  }

  // Every user the configuration names gets a key; each app connects as the user of its name.
  const variables = [...readFileSync(NATS_CONF, 'utf8').matchAll(/^\s*nkey: \$(\w+)$/gm)].map((m) => m[1]);
  for (const app of SERVICE_APPS) {
    if (!variables.includes(nkeyVariable(app))) throw new Error(`${NATS_CONF} has no user for ${app}`);
  }
  // This run's seeds, replaced on each start (a launcher killed outright leaves only a dead server's keys).
  const keysDir = join(options.dataDir, 'nats', 'keys');
  rmSync(keysDir, { recursive: true, force: true });
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const publicKeys: Record<string, string> = {};
  const seedFiles: Partial<Record<ServiceApp, string>> = {};
  for (const variable of variables) {
    const { seed, publicKey } = createNkeyUser();
    publicKeys[variable] = publicKey;
    const app = SERVICE_APPS.find((a) => nkeyVariable(a) === variable);
    if (!app) continue;
    seedFiles[app] = join(keysDir, `${app}.nk`);
    writeFileSync(seedFiles[app]!, seed + '\n', { mode: 0o600 });
  }
  let server: NatsServerProcess;
  try {
    server = await startNatsServer({
      configFile: NATS_CONF,
      storeDir: join(options.dataDir, 'nats', 'jetstream'),
      env: publicKeys,
      exitWithParent: true,
    });
  } catch (error) {
    rmSync(keysDir, { recursive: true, force: true });
    throw error;
  }
  const died = new Promise<number | null>((resolveExit) => server.process.once('exit', (code) => resolveExit(code)));
  return {
    url: server.url,
    own: true,
    seedFiles,
    died,
    stop: async () => {
      await server.stop();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}

/** Polls each ops /readyz, then the gateway's, until all answer 200 or the deadline passes. */
async function waitReady(opsUrls: string[], gatewayUrl: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const until = async (url: string) => {
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (signal.aborted) throw new Error('start abandoned');
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        if (response.status === 200) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
  };
  await Promise.all(opsUrls.map((u) => until(`${u}/readyz`)));
  await until(`${gatewayUrl}/readyz`);
}

function parseArgs(argv: string[]): ServicesOptions {
  const options: ServicesOptions = {
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    dataDir: process.env.LLMOPS_DATA_DIR || undefined,
    natsUrl: process.env.NATS_URL || undefined,
    natsCredentialsDir: process.env.NATS_CREDENTIALS_DIR || undefined,
    databaseUrl: process.env.DATABASE_URL || undefined,
  };
  const int = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} takes an integer >= ${min} (got ${value})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--inference-replicas':
        options.inferenceReplicas = int(flag, value, 1);
        break;
      case '--port':
        options.port = int(flag, value, 0);
        break;
      case '--ops-port':
        options.opsPort = int(flag, value, 0);
        break;
      case '--data-dir':
        options.dataDir = value;
        break;
      case '--nats':
        options.natsUrl = value;
        break;
      case '--nats-credentials':
        options.natsCredentialsDir = value;
        break;
      case '--database':
        options.databaseUrl = value;
        break;
      default:
        throw new Error(`unknown option ${flag} (see the comment at the top of tools/services.ts)`);
    }
    i++;
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Set once started; a signal before that reaches the children too (same process group on Ctrl-C).
  const state: { platform?: RunningServices } = {};
  let stopping = false;
  const shutdown = (signal: string, code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping every process`);
    (state.platform?.stop() ?? Promise.resolve()).then(
      () => process.exit(code),
      (error: unknown) => {
        console.error('stop failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT', 0));
  process.once('SIGTERM', () => shutdown('SIGTERM', 0));
  const platform = await startServices(options);
  state.platform = platform;
  const dataDir = platform.dataDir;
  console.log(`\nLLMOps services ready: gateway ${platform.gatewayUrl} (API docs ${platform.gatewayUrl}/docs)`);
  for (const s of platform.services) console.log(`  ${s.name.padEnd(20)} pid ${s.pid}  ops ${s.opsUrl}`);
  console.log(`  data: ${dataDir}   database: ${platform.databaseUrl}`);
  console.log(
    platform.nats.own
      ? `  NATS: ${platform.nats.url} (the launcher's own: one NKEY per service for this run, anonymous clients refused)`
      : `  NATS: ${platform.nats.url}`,
  );
  console.log(
    platform.auth === 'off'
      ? '  authentication: off (LLMOPS_AUTH=off, a single-user local platform)'
      : platform.adminTokenFile
        ? `  authentication: on (the admin's API token, generated for this data directory, is in ${platform.adminTokenFile})`
        : '  authentication: on (the admin token is LLMOPS_ADMIN_TOKEN)',
  );
  const token =
    platform.auth === 'off'
      ? ''
      : platform.adminTokenFile
        ? ` --token "$(cat ${platform.adminTokenFile})"`
        : ' --token "$LLMOPS_ADMIN_TOKEN"';
  console.log(`Walkthrough: npm run llmops -- walkthrough --gateway ${platform.gatewayUrl}${token}\n`);
  const death = await platform.died;
  if (!stopping) {
    console.error(`${death.name} died (${death.signal ?? `code ${death.code}`}); stopping the others`);
    shutdown('process died', 1);
  }
}

// Run as a script (`node tools/run.js tools/services.ts`, which sets argv[1] to this file), not when imported.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
