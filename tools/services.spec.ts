import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedAdminTokenFile, launcherAuth, servicePlan, SERVICE_APPS } from './services';

describe('servicePlan', () => {
  const plan = servicePlan({
    dataDir: '/data/llmops',
    natsUrl: 'nats://nats:4222',
    databaseUrl: 'postgres://postgres@db:5432/llmops',
    port: 5000,
    opsPorts: [9464, 9465, 9466, 9467, 9468, 9469, 9470],
    inferenceReplicas: 3,
  });

  it('runs every service app once, inference once per replica, the gateway last', () => {
    expect(plan.map((s) => s.name)).toEqual([
      'identity',
      'tracking',
      'registry',
      'batch-orchestrator',
      'inference-1',
      'inference-2',
      'inference-3',
      'gateway',
    ]);
    expect(new Set(plan.map((s) => s.app))).toEqual(new Set(SERVICE_APPS));
  });

  it('gives each process its own ops port and the gateway its API port', () => {
    expect(plan.map((s) => s.opsPort)).toEqual([9464, 9465, 9466, 9467, 9468, 9469, 9470, 5000]);
    for (const spec of plan.filter((s) => s.app !== 'gateway')) expect(spec.env.OPS_PORT).toBe(String(spec.opsPort));
    expect(plan.find((s) => s.app === 'gateway')!.env).toEqual({
      NATS_URL: 'nats://nats:4222',
      PORT: '5000',
      LLMOPS_DATA_DIR: '/data/llmops',
    });
  });

  it('points the stateful services at PostgreSQL and the artifacts under the data directory', () => {
    const env = (name: string) => plan.find((s) => s.name === name)!.env;
    expect(env('tracking')).toMatchObject({
      DATABASE_URL: 'postgres://postgres@db:5432/llmops',
      ARTIFACT_ROOT: 'file:///data/llmops/artifacts',
    });
    expect(env('registry').DATABASE_URL).toBe('postgres://postgres@db:5432/llmops');
    expect(env('identity').DATABASE_URL).toBe('postgres://postgres@db:5432/llmops');
    expect(env('batch-orchestrator')).toMatchObject({
      TRANSPORT: 'nats',
      DATABASE_URL: 'postgres://postgres@db:5432/llmops',
      LLMOPS_DATA_DIR: '/data/llmops',
    });
    // The replicas' batch workers resolve datasets and tables under the orchestrator's roots.
    expect(env('inference-1').LLMOPS_DATA_DIR).toBe('/data/llmops');
    expect(env('inference-2').INFERENCE_CACHE_DIR).toBe('/data/llmops/cache/inference-2');
    for (const spec of plan) expect(spec.env.NATS_URL).toBe('nats://nats:4222');
  });

  it('hands each process its own NATS user’s seed file (inference replicas share the inference user)', () => {
    const seeds = Object.fromEntries(SERVICE_APPS.map((app) => [app, `/keys/${app}.nk`]));
    const secured = servicePlan({
      dataDir: '/d',
      natsUrl: 'nats://n',
      databaseUrl: 'postgres://p/db',
      port: 1,
      opsPorts: [2, 3, 4, 5, 6, 7],
      inferenceReplicas: 2,
      natsSeedFiles: seeds,
    });
    for (const spec of secured) expect(spec.env.NATS_NKEY_SEED_FILE).toBe(`/keys/${spec.app}.nk`);
    expect(plan.every((spec) => spec.env.NATS_NKEY_SEED_FILE === undefined)).toBe(true);
  });

  it('refuses a plan with too few ops ports', () => {
    expect(() =>
      servicePlan({
        dataDir: '/d',
        natsUrl: 'nats://n',
        databaseUrl: 'postgres://p/db',
        port: 1,
        opsPorts: [1],
        inferenceReplicas: 1,
      }),
    ).toThrow(/ops ports/);
  });
});

describe('generatedAdminTokenFile', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-admin-token-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('generates a long random token that only its owner can read, once per data directory', () => {
    const dir = dataDir();
    const file = generatedAdminTokenFile(dir, {})!;
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A restart on the same data directory keeps the token the operator already uses.
    expect(generatedAdminTokenFile(dir, {})).toBe(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    expect(readFileSync(generatedAdminTokenFile(dataDir(), {})!, 'utf8').trim()).not.toBe(token);
  });

  it('tightens a token file whose mode was loosened', () => {
    const dir = dataDir();
    const file = generatedAdminTokenFile(dir, {})!;
    chmodSync(file, 0o644);
    generatedAdminTokenFile(dir, {});
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("generates nothing when the operator chose the admin's token", () => {
    const dir = dataDir();
    expect(generatedAdminTokenFile(dir, { LLMOPS_ADMIN_TOKEN: 'x'.repeat(40) })).toBeUndefined();
    expect(generatedAdminTokenFile(dir, { LLMOPS_ADMIN_TOKEN_FILE: '/run/secrets/admin' })).toBeUndefined();
    expect(existsSync(join(dir, 'admin-token'))).toBe(false);
  });
});

describe('launcherAuth', () => {
  it('is on unless LLMOPS_AUTH is explicitly off, as everywhere on the platform', () => {
    expect(launcherAuth({})).toBe('on');
    expect(launcherAuth({ LLMOPS_AUTH: '' })).toBe('on');
    expect(launcherAuth({ LLMOPS_AUTH: 'on' })).toBe('on');
    expect(launcherAuth({ LLMOPS_AUTH: ' OFF ' })).toBe('off');
  });
});
