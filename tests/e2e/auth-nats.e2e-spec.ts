import { INestMicroservice } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, ErrorCode, NatsConnection } from 'nats';
import { SUBJECTS } from '@llmops/contract';
import { NatsRpcClient, connectNats, startService } from '@llmops/messaging';
import { IdentityModule, IDENTITY_QUEUE } from '@llmops/identity-app';
import { SERVICE_PERMISSIONS, passwordVariable, renderNatsConf } from '@llmops/deploy/nats-permissions';

/**
 * The generated NATS permissions on a real nats-server: each service connects as its own user,
 * serves and calls its own subjects, and is refused (permissions violation) outside them.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const passwords = Object.fromEntries(
  Object.keys(SERVICE_PERMISSIONS).map((s) => [s, `pw${randomBytes(16).toString('hex')}`]),
);

describe('NATS permissions (docker/nats/nats-server.conf)', () => {
  let child: ChildProcess;
  let url: string;
  let dir: string;
  const open: NatsConnection[] = [];
  const as = async (service: string) => {
    const nc = await connect({ servers: url, user: service, pass: passwords[service] });
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-nats-auth-'));
    const conf = join(dir, 'nats-server.conf');
    writeFileSync(conf, renderNatsConf());
    const port = await freePort();
    const env = { ...process.env };
    for (const [service, password] of Object.entries(passwords)) env[passwordVariable(service)] = password;
    const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
    child = spawn(bin, ['-c', conf, '-a', '127.0.0.1', '-p', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server is ready')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${output}`)));
    });
    url = `nats://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('the committed file is what the generator writes from SUBJECTS', () => {
    expect(readFileSync(join(__dirname, '../../docker/nats/nats-server.conf'), 'utf8')).toBe(renderNatsConf());
  });

  it('refuses a wrong password', async () => {
    await expect(connect({ servers: url, user: 'inference', pass: 'wrong' })).rejects.toThrow(
      /Authorization Violation/,
    );
  });

  it('a service started with its own credentials serves its subjects; the gateway user calls them', async () => {
    const saved = { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD };
    let identity: INestMicroservice | undefined;
    try {
      process.env.NATS_USER = 'identity';
      process.env.NATS_PASSWORD = passwords.identity;
      identity = await startService(
        IdentityModule.forRoot({ databaseUrl: 'pglite://memory', authEnabled: false }),
        { kind: 'nats', url },
        { queue: IDENTITY_QUEUE, logger: false },
      );
      process.env.NATS_USER = 'gateway';
      process.env.NATS_PASSWORD = passwords.gateway;
      const gateway = await connectNats(url, 'gateway');
      open.push(gateway);
      const rpc = new NatsRpcClient(gateway, 10_000);
      await expect(rpc.request(SUBJECTS.identity.health, {})).resolves.toEqual({
        status: 'ok',
        checks: { database: 'ok' },
      });
    } finally {
      process.env.NATS_USER = saved.user;
      process.env.NATS_PASSWORD = saved.pass;
      if (saved.user === undefined) delete process.env.NATS_USER;
      if (saved.pass === undefined) delete process.env.NATS_PASSWORD;
      await identity?.close();
    }
  });

  it('inference serves summarize and calls registry resolve, but cannot publish a stage transition', async () => {
    const inference = await as('inference');
    const registry = await as('registry');
    const gateway = await as('gateway');
    const sub = inference.subscribe(SUBJECTS.inference.summarize, { queue: 'inference' });
    void (async () => {
      for await (const m of sub) m.respond(new TextEncoder().encode('"served"'));
    })();
    const resolveSub = registry.subscribe(SUBJECTS.registry.models.resolve, { queue: 'registry' });
    void (async () => {
      for await (const m of resolveSub) m.respond(new TextEncoder().encode('"resolved"'));
    })();
    await inference.flush();
    await registry.flush();
    const answer = await gateway.request(SUBJECTS.inference.summarize, new Uint8Array(), { timeout: 5000 });
    expect(new TextDecoder().decode(answer.data)).toBe('"served"');
    const resolved = await inference.request(SUBJECTS.registry.models.resolve, new Uint8Array(), { timeout: 5000 });
    expect(new TextDecoder().decode(resolved.data)).toBe('"resolved"');

    const violation = await permissionErrorOf(inference, () =>
      inference.publish(SUBJECTS.registry.versions.transitionStage, new Uint8Array()),
    );
    expect(violation).toMatch(/Permissions Violation for publish to "registry\.v1\.versions\.transition-stage"/);
  });

  it('a service cannot subscribe to another service’s subjects, nor the gateway publish its internal ones', async () => {
    const tracking = await as('tracking');
    const violation = await permissionErrorOf(tracking, () => tracking.subscribe(SUBJECTS.identity.authenticate));
    expect(violation).toMatch(/Permissions Violation for subscription to "identity\.v1\.authenticate"/);
    const gateway = await as('gateway');
    const internal = await permissionErrorOf(gateway, () =>
      gateway.publish(SUBJECTS.batch.partitions.complete, new Uint8Array()),
    );
    expect(internal).toMatch(/Permissions Violation for publish to "batch\.v1\.partitions\.complete"/);
  });
});

/** The permissions violation the server reports for what `act` did (nats.js reports it as a status). */
async function permissionErrorOf(nc: NatsConnection, act: () => unknown): Promise<string> {
  const statuses = nc.status();
  const seen = (async () => {
    for await (const s of statuses) {
      if (s.data === ErrorCode.PermissionsViolation && s.permissionContext) {
        return `Permissions Violation for ${s.permissionContext.operation} to "${s.permissionContext.subject}"`;
      }
    }
    return 'connection closed without a permissions error';
  })();
  act();
  await nc.flush().catch(() => undefined);
  return seen;
}
