import { servicePlan, SERVICE_APPS } from './services';

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
