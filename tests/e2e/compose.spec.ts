import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { parse } from 'yaml';
import { nkeyVariable } from '@llmops/messaging';
import { SERVICE_PERMISSIONS } from '@llmops/deploy/nats-permissions';
import { DEFAULT_CREDENTIALS_DIR, SERVER_ENV_FILE, seedFileName } from '@llmops/deploy/nats-credentials';
import {
  DATABASE_URL_FILE,
  DEFAULT_DATABASE_CREDENTIALS_DIR,
  PASSWORD_FILE,
  writeDatabaseCredentials,
} from '@llmops/deploy/database-credentials';

/**
 * docker/compose.yaml and docker/Dockerfile read against the code they run (Docker itself does not
 * run here): every app's entry point and config class, and the layout `npm run build` produces.
 */

const ROOT = resolve(__dirname, '../..');
const SERVICE_APPS = ['gateway', 'identity', 'tracking', 'registry', 'inference', 'batch-orchestrator'];
/** Settings every service needs in a container (the class defaults point at localhost or pglite). */
const MUST_SET = ['NATS_URL', 'DATABASE_URL', 'ARTIFACT_ROOT'];

interface ComposeService {
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  image?: string;
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  ports?: string[];
  container_name?: string;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  secrets?: Array<string | { source: string; target?: string }>;
  env_file?: string | string[];
  command?: string[];
}

const composeText = readFileSync(join(ROOT, 'docker/compose.yaml'), 'utf8');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  secrets?: Record<string, { file?: string; environment?: string }>;
};
const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');

/** Compose services that run one of our apps: the APP build argument of the shared Dockerfile. */
const appServices = Object.entries(compose.services)
  .filter(([, s]) => s.build?.args?.APP)
  .map(([name, service]) => ({ name, service, app: service.build!.args!.APP }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'testing' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry) && !/\.(e2e-)?spec\.ts$/.test(entry) ? [path] : [];
  });
}

/**
 * Every environment variable an app reads: the properties of each class it passes to `loadConfig`
 * (found in its source, then instantiated: the property names ARE the variable names), plus any
 * variable it reads straight from `process.env` / `env`, and secrets read with `secretFromEnv`
 * (the variable or its `_FILE` twin).
 */
function knownVariables(app: string): { fromClasses: Set<string>; all: Set<string>; defaults: Map<string, unknown> } {
  const files = sourceFiles(join(ROOT, 'apps', app, 'src'));
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const classNames = new Set<string>();
  for (const text of texts.values()) for (const m of text.matchAll(/loadConfig\(\s*(\w+)/g)) classNames.add(m[1]);
  const fromClasses = new Set<string>();
  const defaults = new Map<string, unknown>();
  for (const name of classNames) {
    const file = [...texts].find(([, text]) => new RegExp(`export class ${name}\\b`).test(text))?.[0];
    if (!file) continue; // another app's class (the launcher composes them); checked with that app
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = (require(file) as Record<string, new () => object>)[name];
    for (const [key, value] of Object.entries(new schema())) {
      fromClasses.add(key);
      defaults.set(key, value);
    }
    // A property declared without a default (`LLMOPS_AUTH?: 'on' | 'off'`) is no own key of an instance.
    const body = texts
      .get(file)!
      .split(new RegExp(`export class ${name}\\b`))[1]
      .split(/\n}\n/)[0];
    for (const m of body.matchAll(/^ {2}([A-Z][A-Z0-9_]+)\??:/gm)) fromClasses.add(m[1]);
  }
  // loadConfig reads any class variable from the file its _FILE twin names (secrets).
  const all = new Set([...fromClasses, ...[...fromClasses].map((name) => `${name}_FILE`), ...LIB_VARIABLES]);
  for (const text of texts.values()) {
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)) all.add(m[1]);
    for (const m of text.matchAll(/secretFromEnv\(\s*'([A-Z][A-Z0-9_]+)'/g)) all.add(m[1]).add(`${m[1]}_FILE`);
  }
  return { fromClasses, all, defaults };
}

/** Variables shared libraries read in whichever process uses them (e.g. LLMOPS_AUTH in libs/authz). */
const LIB_VARIABLES = new Set(
  readdirSync(join(ROOT, 'libs')).flatMap((lib) =>
    existsSync(join(ROOT, 'libs', lib, 'src'))
      ? sourceFiles(join(ROOT, 'libs', lib, 'src')).flatMap((f) =>
          [...readFileSync(f, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)\b/g)]
            .map((m) => m[1])
            .filter((name) => !name.startsWith('TEST_')),
        )
      : [],
  ),
);

/** Variables Node.js itself reads (the inference replicas' bounded heap: docs/batch.md, scale). */
const RUNTIME_VARIABLES = new Set(['NODE_OPTIONS']);

const envOf = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));

const healthcheckText = (service: ComposeService) => [service.healthcheck?.test ?? []].flat().join(' ');

describe('docker/compose.yaml', () => {
  it('runs every service app, each one that exists as apps/<name>/src/main.ts', () => {
    expect(appServices.length).toBeGreaterThan(0);
    for (const { app } of appServices) expect(existsSync(join(ROOT, 'apps', app, 'src/main.ts'))).toBe(true);
    const composed = new Set(appServices.map((s) => s.app));
    for (const app of SERVICE_APPS) expect(composed).toContain(app);
    // The list above is every app with a services-mode entry point (the CLI is the launcher).
    const withMain = readdirSync(join(ROOT, 'apps')).filter(
      (a) => a !== 'cli' && existsSync(join(ROOT, 'apps', a, 'src/main.ts')),
    );
    expect(withMain.sort()).toEqual([...SERVICE_APPS].sort());
  });

  it.each(SERVICE_APPS)('sets what %s needs in a container and nothing its config does not read', (app) => {
    const entry = appServices.find((s) => s.app === app)!;
    const env = envOf(entry.service);
    const { fromClasses, all } = knownVariables(app);
    expect(fromClasses.size).toBeGreaterThan(0);
    for (const name of MUST_SET.filter((n) => fromClasses.has(n)))
      expect(env[name] || env[`${name}_FILE`]).toBeTruthy();
    const unknown = Object.keys(env).filter((name) => !all.has(name) && !RUNTIME_VARIABLES.has(name));
    expect(unknown).toEqual([]);
    // Credentials never ride in the URL: each service's NKEY seed is a secret file (see below).
    if (fromClasses.has('NATS_URL')) expect(env.NATS_URL).toBe('nats://nats:4222');
    // The database URL holds the password: a secret file too, never the environment.
    if (fromClasses.has('DATABASE_URL')) {
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.DATABASE_URL_FILE).toBe('/run/secrets/database-url');
      expect(entry.service.secrets).toContain('database-url');
    }
  });

  it('health-checks each service on its ops port, the gateway on its API port', () => {
    for (const { app, service } of appServices.filter((s) => s.app !== 'cli')) {
      const env = envOf(service);
      const port = app === 'gateway' ? env.PORT : env.OPS_PORT;
      expect(port).toMatch(/^\d+$/);
      expect(healthcheckText(service)).toContain(`http://127.0.0.1:${port}/readyz`);
    }
    const gateway = appServices.find((s) => s.app === 'gateway')!;
    expect(gateway.service.ports?.some((p) => p.endsWith(`:${envOf(gateway.service).PORT}`))).toBe(true);
  });

  it('lets inference scale: no fixed container name or host port', () => {
    const inference = compose.services.inference;
    expect(inference.container_name).toBeUndefined();
    expect(inference.ports).toBeUndefined();
  });

  it('runs NATS with JetStream on a volume, PostgreSQL on a volume with a healthcheck', () => {
    const nats = compose.services.nats as ComposeService & { command: string[] };
    expect(nats.command.join(' ')).toMatch(/--jetstream|-js\b/);
    expect(nats.volumes?.some((v) => v.startsWith('nats-data:'))).toBe(true);
    expect(compose.services.postgres.volumes?.some((v) => v.startsWith('postgres-data:'))).toBe(true);
    expect(healthcheckText(compose.services.postgres)).toContain('pg_isready');
    for (const volume of ['nats-data', 'postgres-data', 'artifacts', 'tables'])
      expect(compose.volumes).toHaveProperty(volume);
  });

  it('runs NATS with the shipped configuration: the generated file, NKEY users only, public keys from the credentials step', () => {
    const nats = compose.services.nats;
    const command = nats.command ?? [];
    const flag = command.findIndex((arg) => arg === '--config' || arg === '-c');
    expect(flag).toBeGreaterThanOrEqual(0);
    const confPath = command[flag + 1];
    const mount = (nats.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === confPath);
    expect(mount).toBeDefined();
    const [source, , mode] = mount!;
    expect(resolve(ROOT, 'docker', source)).toBe(join(ROOT, 'docker/nats/nats-server.conf'));
    expect(mode).toBe('ro');
    const conf = readFileSync(join(ROOT, 'docker/nats/nats-server.conf'), 'utf8');
    expect(conf).toMatch(/^# Generated by docker\/nats\/generate-nats-conf\.ts/);
    // Every user is an NKEY whose public key comes from the environment; nobody connects without one.
    const users = [...conf.matchAll(/^ {4}\{\n {6}(\w+): (.*)$/gm)];
    expect(users.map(([, field]) => field)).toEqual(Object.keys(SERVICE_PERMISSIONS).map(() => 'nkey'));
    expect(users.map(([, , value]) => value)).toEqual(
      Object.keys(SERVICE_PERMISSIONS).map((s) => `$${nkeyVariable(s)}`),
    );
    expect(conf).not.toMatch(/^\s*(no_auth_user|user|password|token|accounts)\s*[:=]/m);
    // The public keys: the env file `npm run nats:credentials` writes, read by compose (not a literal).
    const envFiles = [nats.env_file ?? []].flat();
    expect(envFiles.map((f) => resolve(ROOT, 'docker', f))).toEqual([
      resolve(ROOT, DEFAULT_CREDENTIALS_DIR, SERVER_ENV_FILE),
    ]);
    expect(Object.keys(nats.environment ?? {}).filter((k) => k.startsWith('NATS_'))).toEqual([]);
  });

  it('gives every service its own NATS credentials from a secret file, never a literal', () => {
    const users = Object.keys(SERVICE_PERMISSIONS);
    const natsApps = appServices.filter(({ service }) => envOf(service).NATS_URL !== undefined);
    expect(natsApps.map((s) => s.app).sort()).toEqual([...users].sort());
    const secretNames = new Set<string>();
    for (const { app, service } of natsApps) {
      const secrets = (service.secrets ?? [])
        .map((s) => (typeof s === 'string' ? s : s.source))
        .filter((s) => s !== 'database-url');
      expect(secrets).toHaveLength(1);
      const [secret] = secrets;
      secretNames.add(secret);
      // Mounted at /run/secrets/<name>, which NATS_NKEY_SEED_FILE names; the file is the app's own seed.
      expect(envOf(service).NATS_NKEY_SEED_FILE).toBe(`/run/secrets/${secret}`);
      const file = compose.secrets?.[secret]?.file;
      expect(file).toBeDefined();
      expect(resolve(ROOT, 'docker', file!)).toBe(resolve(ROOT, DEFAULT_CREDENTIALS_DIR, seedFileName(app)));
    }
    expect(secretNames.size).toBe(natsApps.length);
    // No credential in the compose file itself: no password, seed or token variables, no NKEY text.
    for (const { service } of appServices) {
      const env = envOf(service);
      for (const name of ['NATS_PASSWORD', 'NATS_USER', 'NATS_NKEY_SEED', 'NATS_CREDS_FILE', 'NATS_TOKEN']) {
        expect(env[name]).toBeUndefined();
      }
    }
    expect(composeText).not.toMatch(/\bS[UAO][A-Z2-7]{50,}\b|\bU[A-Z2-7]{55}\b|nats:\/\/[^\s@]+@/);
  });

  it('takes the PostgreSQL password from secret files that `npm run db:credentials` writes, never a literal', () => {
    expect(envOf(compose.services.postgres).POSTGRES_PASSWORD).toBeUndefined();
    expect(envOf(compose.services.postgres).POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres-password');
    expect(compose.services.postgres.secrets).toEqual(['postgres-password']);
    expect(resolve(ROOT, 'docker', compose.secrets!['postgres-password'].file!)).toBe(
      resolve(ROOT, DEFAULT_DATABASE_CREDENTIALS_DIR, PASSWORD_FILE),
    );
    expect(resolve(ROOT, 'docker', compose.secrets!['database-url'].file!)).toBe(
      resolve(ROOT, DEFAULT_DATABASE_CREDENTIALS_DIR, DATABASE_URL_FILE),
    );
    expect(composeText).not.toMatch(/POSTGRES_PASSWORD:|postgres:\/\/[^\s@/]+:[^\s@]*@/);
    expect(DEFAULT_DATABASE_CREDENTIALS_DIR.startsWith('docker/secrets/')).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'llmops-db-credentials-'));
    try {
      writeDatabaseCredentials(dir);
      const password = readFileSync(join(dir, PASSWORD_FILE), 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(join(dir, DATABASE_URL_FILE), 'utf8').trim()).toBe(
        `postgres://llmops:${password}@postgres:5432/llmops`,
      );
      for (const name of [PASSWORD_FILE, DATABASE_URL_FILE]) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
      // An existing password is kept (PostgreSQL keeps the one it was initialised with) unless forced.
      expect(() => writeDatabaseCredentials(dir)).toThrow(/--force/);
      writeDatabaseCredentials(dir, { force: true });
      expect(readFileSync(join(dir, PASSWORD_FILE), 'utf8').trim()).not.toBe(password);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the credentials out of the image build context and out of git', () => {
    expect(readFileSync(join(ROOT, 'docker/Dockerfile.dockerignore'), 'utf8').split('\n')).toContain('docker/secrets');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('docker/secrets/');
    expect(DEFAULT_CREDENTIALS_DIR).toBe('docker/secrets/nats');
  });

  it('shares the artifact store where ARTIFACT_ROOT points, with every app that reads or writes it', () => {
    const root = new URL(envOf(compose.services.tracking).ARTIFACT_ROOT).pathname;
    for (const name of ['tracking', 'gateway', 'inference']) {
      const mounts = (compose.services[name].volumes ?? []).map((v) => v.split(':'));
      expect(mounts.some(([source, target]) => source === 'artifacts' && target === root)).toBe(true);
    }
    for (const name of ['batch-orchestrator', 'inference']) {
      expect(compose.services[name].volumes).toContain('tables:/var/lib/llmops/tables');
    }
    // Datasets: staged by the gateway, published by the orchestrator, read by the replicas; each
    // at <LLMOPS_DATA_DIR>/datasets, the one root they all resolve names under.
    for (const name of ['gateway', 'batch-orchestrator', 'inference']) {
      const dataDir = envOf(compose.services[name]).LLMOPS_DATA_DIR;
      expect(dataDir).toBe('/var/lib/llmops');
      expect((compose.services[name].volumes ?? []).map((v) => v.split(':').slice(0, 2).join(':'))).toContain(
        `datasets:${dataDir}/datasets`,
      );
    }
  });
});

describe('docker/prometheus and docker/grafana (issue 12)', () => {
  const prometheus = parse(readFileSync(join(ROOT, 'docker/prometheus/prometheus.yml'), 'utf8')) as {
    rule_files: string[];
    scrape_configs: Array<{
      job_name: string;
      metrics_path?: string;
      dns_sd_configs?: Array<{ names: string[]; type: string; port: number }>;
    }>;
  };
  const alerts = parse(readFileSync(join(ROOT, 'docker/prometheus/alerts.yml'), 'utf8')) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string; for?: string }> }>;
  };
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'docker/grafana/dashboards/llmops.json'), 'utf8')) as {
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  const rules = alerts.groups.flatMap((g) => g.rules);

  it("scrapes every app service's replicas (DNS: one target per container) on its ops port, the gateway on its API port", () => {
    const services = appServices.filter((s) => s.app !== 'cli');
    expect(prometheus.scrape_configs.map((c) => c.job_name).sort()).toEqual(services.map((s) => s.name).sort());
    for (const { name, app, service } of services) {
      const job = prometheus.scrape_configs.find((c) => c.job_name === name)!;
      const env = envOf(service);
      const port = Number(app === 'gateway' ? env.PORT : env.OPS_PORT);
      expect(job.metrics_path ?? '/metrics').toBe('/metrics');
      expect(job.dns_sd_configs).toEqual([{ names: [name], type: 'A', port }]);
    }
  });

  it('runs Prometheus with the rules and Grafana with the provisioned dashboard, both on loopback only', () => {
    const prom = compose.services.prometheus;
    expect(prom.volumes).toEqual(
      expect.arrayContaining([
        './prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
        './prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
      ]),
    );
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const grafana = compose.services.grafana;
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ]),
    );
    for (const s of [prom, grafana]) for (const p of s.ports ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
  });

  it('has the alerts on-call needs, each documented in docs/observability.md', () => {
    const docs = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'LlmopsBatchDeadLetters',
        'LlmopsNoProductionModel',
        'LlmopsReplicaDown',
        'LlmopsSummarizeFailureRateHigh',
        'LlmopsSummarizeLatencyP95High',
      ].sort(),
    );
    for (const rule of rules) expect(docs).toContain(rule.alert);
  });

  it('queries only metrics the code defines (a renamed metric would leave a panel or an alert empty)', () => {
    const source = [
      ...sourceFiles(join(ROOT, 'libs/observability/src')),
      ...sourceFiles(join(ROOT, 'apps/gateway/src/observability')),
      ...sourceFiles(join(ROOT, 'apps/batch-orchestrator/src/observability')),
      ...sourceFiles(join(ROOT, 'apps/registry/src/observability')),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const exprs = [...rules.map((r) => r.expr), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))];
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\bllmops_[a-z0-9_]+/g)].map((m) => m[0])));
    expect(names.size).toBeGreaterThan(15);
    for (const name of names) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      // The gateway's Node metrics carry its prefix (collectDefaultMetrics({ prefix: 'llmops_gateway_' })).
      if (base.startsWith('llmops_gateway_')) continue;
      expect({ name, defined: source.includes(`'${base}'`) }).toEqual({ name, defined: true });
    }
  });
});

describe('docker/Dockerfile', () => {
  const entrypoint = /ENTRYPOINT \[.*"exec node \\"(dist\/apps\/\$\{APP\}\/src\/main\.js)\\"/.exec(dockerfile)?.[1];

  it('is multi-stage, runs as a non-root user, with a HEALTHCHECK', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    // The runtime stage gets production dependencies only.
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('starts the path `npm run build` writes each composed app to', () => {
    expect(entrypoint).toBe('dist/apps/${APP}/src/main.js');
    const build = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts.build;
    const match = /^swc (.+?) -d (\S+) (.*)$/.exec(build);
    expect(match).not.toBeNull();
    const [, inputs, outDir, rest] = match!;
    expect(inputs.split(' ')).toContain('apps');
    expect(outDir).toBe('dist');
    // The build's own swc command, on the composed apps' entry points, into a scratch directory.
    const scratch = mkdtempSync(join(tmpdir(), 'llmops-build-'));
    try {
      const mains = appServices.map(({ app }) => `apps/${app}/src/main.ts`);
      const result = spawnSync(
        process.execPath,
        [require.resolve('@swc/cli/bin/swc.js'), ...mains, '-d', scratch, ...rest.split(' ')],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(result.stderr).not.toMatch(/error/i);
      for (const { app } of appServices) {
        const built = posix.relative('dist', entrypoint!.replace('${APP}', app));
        expect(existsSync(join(scratch, built))).toBe(true);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('puts the sample data where the compiled CLI looks for it', () => {
    const walkthrough = readFileSync(join(ROOT, 'apps/cli/src/walkthrough/walkthrough.command.ts'), 'utf8');
    const relative = /NEWS_DATA_DIR = resolve\(__dirname, '([^']+)'\)/.exec(walkthrough)?.[1];
    expect(relative).toBeDefined();
    const copied = /^COPY data (\S+)$/m.exec(dockerfile)?.[1];
    const workdir = /^WORKDIR (\S+)$/m.exec(dockerfile.slice(dockerfile.lastIndexOf('FROM ')))?.[1];
    const compiledDir = posix.join(workdir!, 'dist/apps/cli/src/walkthrough');
    expect(posix.resolve(compiledDir, relative!)).toBe(posix.join(posix.resolve(workdir!, copied!), 'news'));
    // And the registry reads held-out sets only from under that directory.
    expect(posix.resolve(workdir!, copied!)).toBe(envOf(compose.services.registry).EVALUATION_DATASET_ROOT);
  });
});

describe('docs/deploy.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Environment variables per app'));

  /** The `| \`NAME\` | default | meaning |` rows under `### <app>`. */
  function documented(app: string): Map<string, string> {
    const start = section.indexOf(`\n### ${app}\n`);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = section.indexOf('\n### ', start + 1);
    const rows = section.slice(start, end === -1 ? undefined : end).matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\| ([^|]+)\|/gm);
    return new Map([...rows].map((m) => [m[1], m[2].trim()]));
  }

  it.each(SERVICE_APPS)('lists exactly the variables of the %s config classes, with their defaults', (app) => {
    const { fromClasses, defaults } = knownVariables(app);
    const rows = documented(app);
    expect([...rows.keys()].sort()).toEqual([...fromClasses].sort());
    for (const [name, cell] of rows) {
      const literal = /^`(.*)`$/.exec(cell)?.[1];
      if (literal !== undefined) expect(`${name}=${literal}`).toBe(`${name}=${String(defaults.get(name))}`);
      else expect(`${name}: ${cell}`).toMatch(/\((empty|unset|host:pid)\)$/);
    }
  });
});
