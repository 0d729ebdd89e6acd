import { INestApplication, INestMicroservice } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { createGatewayApp } from '@llmops/gateway-app';
import { NatsServerProcess, startNatsServer, TransportConfig } from '@llmops/messaging';
import { EMBEDDED_SERVICES, startEmbeddedPlatform } from '@llmops/cli';

const tracking = EMBEDDED_SERVICES.find((s) => s.name === 'tracking')!;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

type Health = {
  services: Array<{ name: string; status: string }>;
  replicas: Array<{ service: string; replica: string }>;
};

describe('the replicas of each service on the health endpoint', () => {
  const saved = process.env.PRESENCE_INTERVAL_MS;
  beforeAll(() => {
    process.env.PRESENCE_INTERVAL_MS = '200';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PRESENCE_INTERVAL_MS;
    else process.env.PRESENCE_INTERVAL_MS = saved;
  });

  it('services mode: two replicas of tracking on NATS are two, and one once the other stops', async () => {
    const nats: NatsServerProcess = await startNatsServer();
    const dir = mkdtempSync(join(tmpdir(), 'llmops-replicas-'));
    const transport: TransportConfig = { kind: 'nats', url: nats.url };
    const env = {
      ...process.env,
      NATS_URL: nats.url,
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      ARTIFACT_ROOT: pathToFileURL(join(dir, 'artifacts')).href,
    };
    const replicas: INestMicroservice[] = [];
    let gateway: INestApplication | undefined;
    try {
      // Two replicas in one process would share a pid: each heartbeat names its service and replica.
      replicas.push(await tracking.start(env, transport, false));
      gateway = await createGatewayApp(
        { LLMOPS_AUTH: 'off', READINESS_SERVICES: 'tracking', DASHBOARD_DIR: 'off' },
        transport,
        {
          logger: false,
          requestLog: () => undefined,
        },
      );
      const health = async () =>
        (await request(gateway!.getHttpServer()).get('/api/v1/health').expect(200)).body as Health;
      const first = await until(health, (h) => h.replicas.some((r) => r.service === 'tracking'), 'a tracking replica');
      expect(first.services).toEqual(expect.arrayContaining([{ name: 'tracking', status: 'ok', message: null }]));
      expect(first.replicas.filter((r) => r.service === 'tracking')).toHaveLength(1);
      const one = first.replicas.find((r) => r.service === 'tracking')!.replica;

      // A second replica from another process (its own pid).
      const { spawn } = await import('node:child_process');
      const child = spawn(
        process.execPath,
        [join(__dirname, '../../tools/run.js'), join(__dirname, '../../apps/tracking/src/main.ts')],
        {
          env: { ...env, OPS_PORT: '0', PRESENCE_INTERVAL_MS: '200', LOG_REQUESTS: 'false' },
          stdio: 'ignore',
        },
      );
      try {
        const two = await until(
          health,
          (h) => h.replicas.filter((r) => r.service === 'tracking').length === 2,
          'two replicas',
        );
        expect(two.replicas.filter((r) => r.service === 'tracking').map((r) => r.replica)).toContain(one);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      const back = await until(
        health,
        (h) => h.replicas.filter((r) => r.service === 'tracking').length === 1,
        'one replica again',
      );
      expect(back.replicas.find((r) => r.service === 'tracking')!.replica).toBe(one);
    } finally {
      await gateway?.close();
      for (const r of replicas) await r.close();
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('embedded: one replica of each service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-replicas-embedded-'));
    const platform = await startEmbeddedPlatform({
      dataDir: dir,
      port: 0,
      logger: false,
      requestLog: () => undefined,
      services: EMBEDDED_SERVICES.filter((s) => ['identity', 'tracking', 'registry'].includes(s.name)),
    });
    try {
      const health = await until(
        async () => (await (await fetch(`${platform.url}/api/v1/health`)).json()) as Health,
        (h) => h.replicas.length === 3,
        'three replicas',
      );
      expect(health.replicas.map((r) => r.service)).toEqual(['identity', 'registry', 'tracking']);
    } finally {
      await platform.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
