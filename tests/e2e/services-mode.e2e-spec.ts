import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, ErrorCode, nkeyAuthenticator } from 'nats';
import { RPC_HEADERS, SUBJECTS } from '@llmops/contract';
import { NatsServerProcess, natsInboxPrefix, startNatsServer } from '@llmops/messaging';
import { RunningServices, SERVICE_APPS, startServices } from '@llmops/tools/services';

/**
 * Services mode as `npm run services` runs it: every app its own process on the launcher's own
 * nats-server (the shipped configuration, an NKEY per service), real PostgreSQL in a throwaway
 * database, a temp data directory, the gateway on a free port, two inference replicas. Checks what
 * an operator relies on: NATS refusing anonymous clients, readiness, each process's ops port, JSON
 * logs that carry the gateway's correlation id, and a clean stop of every process and of NATS.
 */

// For the start-failure cases: an open nats-server of the suite's own (never the machine's shared one).
let nats: NatsServerProcess;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.stop();
});
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function throwawayDatabaseUrl(): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/llmops_services_${randomBytes(4).toString('hex')}`;
  return url.href;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until a process's log has a JSON line matching; the log is written asynchronously. */
async function logLine(
  lines: () => string[],
  match: (entry: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of lines()) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (match(entry)) return entry;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('services mode (tools/services.ts): every app its own process on NATS + PostgreSQL', () => {
  let platform: RunningServices;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-services-'));
    platform = await startServices({
      dataDir,
      // What `npm run services` does outside the test runner (which sets LLMOPS_AUTH=off): no admin token
      // given, so one is generated (tools/services.spec.ts checks the default is on).
      auth: 'on',
      databaseUrl: throwawayDatabaseUrl(),
      port: 0,
      opsPort: 0,
      inferenceReplicas: 2,
      output: () => undefined,
      dropDatabaseOnStop: true,
    });
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const authorization = () => ({ authorization: `Bearer ${readFileSync(platform.adminTokenFile!, 'utf8').trim()}` });

  it('runs one process per app and two inference replicas', () => {
    expect(platform.services.map((s) => s.name).sort()).toEqual(
      ['batch-orchestrator', 'gateway', 'identity', 'inference-1', 'inference-2', 'registry', 'tracking'].sort(),
    );
    expect(new Set(platform.services.map((s) => s.app))).toEqual(new Set(SERVICE_APPS));
    expect(new Set(platform.services.map((s) => s.pid)).size).toBe(7);
    expect(new Set(platform.services.map((s) => s.opsPort)).size).toBe(7);
  });

  it('runs its own NATS, which refuses anonymous clients while the platform works through the gateway', async () => {
    expect(platform.nats.own).toBe(true);
    await expect(connect({ servers: platform.nats.url, maxReconnectAttempts: 0 })).rejects.toMatchObject({
      code: ErrorCode.AuthorizationViolation,
    });
    const response = await fetch(
      `${platform.gatewayUrl}/api/v1/experiments/by-name/missing-${randomBytes(4).toString('hex')}`,
      { headers: authorization() },
    );
    expect(response.status).toBe(404);
  });

  it("authenticates with no token configured: the admin's token is generated into the data directory, unreadable to others", async () => {
    expect(platform.auth).toBe('on');
    expect(platform.adminTokenFile).toBe(join(dataDir, 'admin-token'));
    expect(statSync(platform.adminTokenFile!).mode & 0o077).toBe(0);
    const url = `${platform.gatewayUrl}/api/2.0/mlflow/experiments/search`;
    const body = JSON.stringify({ max_results: 1 });
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await post(authorization())).status).toBe(200);
  });

  it('gives each process its own NATS user: inference may not publish a stage transition nor read identity', async () => {
    const seedFile = platform.natsSeedFile('inference')!;
    const inference = await connect({
      servers: platform.nats.url,
      authenticator: nkeyAuthenticator(new TextEncoder().encode(readFileSync(seedFile, 'utf8').trim())),
      inboxPrefix: natsInboxPrefix('inference'),
    });
    const refused: string[] = [];
    void (async () => {
      for await (const s of inference.status()) {
        if (s.data === ErrorCode.PermissionsViolation) refused.push(s.permissionContext?.subject ?? '?');
      }
    })();
    inference.publish(SUBJECTS.registry.versions.transitionStage, new Uint8Array());
    inference.subscribe(SUBJECTS.identity.authenticate);
    inference.subscribe(`${natsInboxPrefix('gateway')}.>`);
    await inference.flush();
    await new Promise((r) => setImmediate(r));
    expect(refused.sort()).toEqual(
      [
        SUBJECTS.registry.versions.transitionStage,
        SUBJECTS.identity.authenticate,
        `${natsInboxPrefix('gateway')}.>`,
      ].sort(),
    );
    await inference.close();
    // The seeds are this run's, private to the launcher's user.
    expect(statSync(seedFile).mode & 0o077).toBe(0);
    expect(platform.natsSeedFile('gateway')).not.toBe(seedFile);
  });

  it("answers the gateway's /readyz with every service checked", async () => {
    const response = await fetch(`${platform.gatewayUrl}/readyz`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(JSON.stringify(body)).toMatch(/tracking/);
    expect(JSON.stringify(body)).toMatch(/registry/);
  });

  it.each(['identity', 'tracking', 'registry', 'batch-orchestrator', 'inference-1', 'inference-2'])(
    '%s serves /healthz, /readyz (NATS and its own checks) and Prometheus /metrics on its ops port',
    async (name) => {
      const service = platform.services.find((s) => s.name === name)!;
      expect((await fetch(`${service.opsUrl}/healthz`)).status).toBe(200);
      const ready = await fetch(`${service.opsUrl}/readyz`);
      const readiness = (await ready.json()) as { checks: Record<string, string> };
      expect(ready.status).toBe(200);
      expect(readiness.checks.nats).toBe('ok');
      expect(Object.keys(readiness.checks).length).toBeGreaterThanOrEqual(2);
      const metrics = await (await fetch(`${service.opsUrl}/metrics`)).text();
      expect(metrics).toContain(`process_cpu_user_seconds_total{service="${service.app}"}`);
      expect(metrics).toContain('# TYPE llmops_rpc_requests_total counter');
      // The platform's domain metrics of this process (docs/observability.md), next to its own.
      if (service.app === 'inference') {
        expect(metrics).toContain('llmops_inference_in_flight_requests{service="inference"} ');
        expect(metrics).toContain('llmops_model_cache_models{service="inference"} ');
      }
      if (service.app === 'batch-orchestrator') {
        expect(metrics).toMatch(/llmops_work_queue_pending_tasks\{[^}]*state="waiting"[^}]*\} \d+/);
        expect(metrics).toContain('# TYPE llmops_batch_partitions gauge');
      }
      if (service.app === 'registry') expect(metrics).toContain('# TYPE llmops_registry_production_versions gauge');
    },
  );

  it("logs the gateway's x-correlation-id in the JSON log line of the service that served the request", async () => {
    const tracking = platform.services.find((s) => s.name === 'tracking')!;
    // The machine's NATS is shared: another suite's tracking replica in the same queue group may
    // take a request, so several go out, each with its own id, and one must land here.
    const ids = Array.from({ length: 8 }, (_, i) => `svc-${randomBytes(6).toString('hex')}-${i}`);
    for (const id of ids) {
      const response = await fetch(`${platform.gatewayUrl}/api/v1/experiments/by-name/missing-${id}`, {
        headers: { [RPC_HEADERS.correlationId]: id, ...authorization() },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get(RPC_HEADERS.correlationId)).toBe(id);
    }
    const entry = await logLine(tracking.lines, (e) => ids.includes(e.correlation_id as string));
    expect(entry).toMatchObject({
      service: 'tracking',
      context: 'Rpc',
      message: 'rpc',
      subject: SUBJECTS.tracking.experiments.getByName,
      outcome: 'RESOURCE_DOES_NOT_EXIST',
    });
    expect(typeof entry?.duration_ms).toBe('number');
    expect(typeof entry?.time).toBe('string');
    const metrics = await (await fetch(`${tracking.opsUrl}/metrics`)).text();
    expect(metrics).toContain(
      `llmops_rpc_requests_total{subject="${SUBJECTS.tracking.experiments.getByName}",outcome="RESOURCE_DOES_NOT_EXIST",service="tracking"}`,
    );
  });

  it('writes only JSON lines from every process (one object a line; services name themselves)', () => {
    for (const service of platform.services) {
      const lines = service.lines().filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        // The gateway's request log lines are its own format (msg: 'request'); Nest's lines carry the name.
        if (service.app !== 'gateway' || entry.msg !== 'request') expect(entry).toMatchObject({ service: service.app });
      }
    }
  });

  it('stops every process and its NATS on stop()', async () => {
    await platform.stop();
    for (const service of platform.services) expect(isAlive(service.pid)).toBe(false);
    await expect(connect({ servers: platform.nats.url, maxReconnectAttempts: 0 })).rejects.toMatchObject({
      code: ErrorCode.ConnectionRefused,
    });
  }, 60_000);
});

describe('services mode on an operator’s NATS (--nats)', () => {
  it('refuses to start with authentication on and no per-service credentials, before spawning anything', async () => {
    const spawned: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'llmops-services-nocreds-'));
    try {
      await expect(
        startServices({
          dataDir,
          natsUrl: nats.url,
          auth: 'on',
          databaseUrl: throwawayDatabaseUrl(),
          port: 0,
          opsPort: 0,
          output: () => undefined,
          dropDatabaseOnStop: true,
          onSpawn: (name) => spawned.push(name),
        }),
      ).rejects.toThrow(/needs each service's NATS credentials: --nats-credentials DIR/);
      expect(spawned).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('services mode: a process that dies at start', () => {
  it('fails the start, naming the process, and leaves nothing running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmops-services-bad-'));
    const lines: string[] = [];
    const pids: number[] = [];
    try {
      // An invalid setting makes the inference replica's config check fail at boot.
      const start = startServices({
        dataDir,
        natsUrl: nats.url,
        // The suite's open NATS has no per-service users: authentication off, as with any such NATS.
        auth: 'off',
        databaseUrl: throwawayDatabaseUrl(),
        port: 0,
        opsPort: 0,
        inferenceReplicas: 1,
        env: { INFERENCE_THREADS: '0' },
        output: (line) => lines.push(line),
        dropDatabaseOnStop: true,
        onSpawn: (_name, pid) => pids.push(pid),
      });
      await expect(start).rejects.toThrow(/inference-1 exited during start/);
      expect(lines.some((l) => l.startsWith('[inference-1') && l.includes('INFERENCE_THREADS'))).toBe(true);
      expect(pids).toHaveLength(6);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
