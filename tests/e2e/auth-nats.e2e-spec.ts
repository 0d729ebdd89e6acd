import { INestApplication, INestMicroservice } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AckPolicy,
  connect,
  ErrorCode,
  JetStreamManager,
  Msg,
  NatsConnection,
  nkeyAuthenticator,
  RetentionPolicy,
  StorageType,
} from 'nats';
import { BATCH_WORK_QUEUE, SUBJECTS, allSubjects } from '@llmops/contract';
import {
  createNkeyUser,
  JetStreamWorkQueue,
  NatsServerProcess,
  natsInboxPrefix,
  nkeyVariable,
  startNatsServer,
  startService,
  TransportConfig,
  WorkQueueSpec,
} from '@llmops/messaging';
import { createGatewayApp } from '@llmops/gateway-app';
import { IDENTITY_QUEUE, IdentityModule } from '@llmops/identity-app';
import { SERVICE_PERMISSIONS, renderNatsConf } from '@llmops/deploy/nats-permissions';

/**
 * The shipped NATS configuration (docker/nats/nats-server.conf, NKEY users) on a real nats-server,
 * attacked as a stray client and as each service user: anonymous clients refused; each user
 * refused outside its subjects in both directions (publish and subscribe, replies and the
 * JetStream API included); the JetStream relay of issue 10 finding 4 refused; no API token readable
 * on any subject while users authenticate and an admin creates a token.
 */

const ROOT = resolve(__dirname, '../..');
const CONF = join(ROOT, 'docker/nats/nats-server.conf');
const SERVICES = Object.keys(SERVICE_PERMISSIONS);
const keys = Object.fromEntries(SERVICES.map((s) => [s, createNkeyUser()]));
const Q = BATCH_WORK_QUEUE;
const enc = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const dec = (data: Uint8Array) => new TextDecoder().decode(data);
const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

let nats: NatsServerProcess;
const open: NatsConnection[] = [];

beforeAll(async () => {
  const env = Object.fromEntries(SERVICES.map((s) => [nkeyVariable(s), keys[s].publicKey]));
  nats = await startNatsServer({ configFile: CONF, env });
});

afterAll(async () => {
  for (const nc of open) await nc.close().catch(() => undefined);
  await nats?.stop();
});

/** A connection as a service user, recording every permissions violation the server reports. */
interface Probe {
  nc: NatsConnection;
  violations: Array<{ operation: string; subject: string }>;
}

async function as(service: string): Promise<Probe> {
  const nc = await connect({
    servers: nats.url,
    authenticator: nkeyAuthenticator(enc(keys[service].seed)),
    inboxPrefix: natsInboxPrefix(service),
    name: `probe-${service}`,
  });
  open.push(nc);
  const violations: Probe['violations'] = [];
  void (async () => {
    for await (const s of nc.status()) {
      if (s.data === ErrorCode.PermissionsViolation && s.permissionContext) {
        violations.push({ operation: s.permissionContext.operation, subject: s.permissionContext.subject });
      }
    }
  })();
  return { nc, violations };
}

/** Waits until the server has answered everything sent so far (its -ERR lines come before the PONG). */
async function settled(probe: Probe): Promise<void> {
  await probe.nc.flush();
  await new Promise((r) => setImmediate(r));
}

const refusedPublish = (p: Probe, subject: string) =>
  p.violations.some((v) => v.operation === 'publish' && v.subject === subject);
const refusedSubscribe = (p: Probe, subject: string) =>
  p.violations.some((v) => v.operation === 'subscription' && v.subject === subject);

/** NATS subject matching (`*` one token, `>` the rest). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** JetStream API and ack subjects a hostile user would try, next to the ones services legitimately use. */
const JS_PROBES = [
  '$JS.API.INFO',
  '$JS.API.STREAM.NAMES',
  '$JS.API.STREAM.LIST',
  '$JS.API.STREAM.CREATE.EVIL',
  '$JS.API.STREAM.CREATE.KV_evil',
  `$JS.API.STREAM.CREATE.${Q.stream}`,
  `$JS.API.STREAM.UPDATE.${Q.stream}`,
  `$JS.API.STREAM.INFO.${Q.stream}`,
  `$JS.API.STREAM.DELETE.${Q.stream}`,
  `$JS.API.STREAM.PURGE.${Q.stream}`,
  `$JS.API.STREAM.MSG.GET.${Q.stream}`,
  `$JS.API.STREAM.MSG.DELETE.${Q.stream}`,
  `$JS.API.DIRECT.GET.${Q.stream}`,
  `$JS.API.CONSUMER.CREATE.${Q.stream}`,
  `$JS.API.CONSUMER.CREATE.${Q.stream}.evil`,
  `$JS.API.CONSUMER.CREATE.${Q.stream}.${Q.consumer}`,
  `$JS.API.CONSUMER.CREATE.${Q.stream}.${Q.consumer}.${Q.subject}`,
  `$JS.API.CONSUMER.DURABLE.CREATE.${Q.stream}.${Q.consumer}`,
  `$JS.API.CONSUMER.DELETE.${Q.stream}.${Q.consumer}`,
  `$JS.API.CONSUMER.NAMES.${Q.stream}`,
  `$JS.API.CONSUMER.LIST.${Q.stream}`,
  `$JS.API.CONSUMER.INFO.${Q.stream}.${Q.consumer}`,
  `$JS.API.CONSUMER.INFO.${Q.stream}.evil`,
  `$JS.API.CONSUMER.MSG.NEXT.${Q.stream}.${Q.consumer}`,
  `$JS.API.CONSUMER.MSG.NEXT.${Q.stream}.evil`,
  `$JS.ACK.${Q.stream}.${Q.consumer}.1.1.1.1.0`,
  `$JS.ACK.${Q.stream}.evil.1.1.1.1.0`,
  '$KV.evil.key',
];
const PUBLISH_PROBES = [
  ...allSubjects(SUBJECTS),
  Q.subject,
  ...JS_PROBES,
  ...SERVICES.map((s) => `${natsInboxPrefix(s)}.probe.1`),
  '_INBOX.probe',
];
const SUBSCRIBE_PROBES = [
  ...allSubjects(SUBJECTS),
  Q.subject,
  '>',
  '*.>',
  '_INBOX.>',
  '$JS.>',
  '$JS.API.>',
  `$JS.ACK.${Q.stream}.>`,
  'identity.v1.>',
  'identity.v1.*',
  ...SERVICES.map((s) => `${natsInboxPrefix(s)}.>`),
];

describe('the shipped configuration (docker/nats/nats-server.conf)', () => {
  it('is what the generator writes from SUBJECTS', () => {
    expect(readFileSync(CONF, 'utf8')).toBe(renderNatsConf());
  });

  it('grants no wildcard over the JetStream API or the inboxes, and each user only its own inbox', () => {
    for (const [service, p] of Object.entries(SERVICE_PERMISSIONS)) {
      for (const subject of [...p.publish, ...p.subscribe]) {
        expect(`${service}: ${subject}`).not.toMatch(/: (>|\$JS\.>|\$JS\.API\.>|\$JS\.API\..*\*|_INBOX\.>)$/);
      }
      expect(p.subscribe.filter((s) => s.startsWith('_INBOX'))).toEqual([`${natsInboxPrefix(service)}.>`]);
    }
    const subscribers = (subject: string) =>
      SERVICES.filter((s) => SERVICE_PERMISSIONS[s].subscribe.some((p) => matches(p, subject)));
    const publishers = (subject: string) =>
      SERVICES.filter((s) => SERVICE_PERMISSIONS[s].publish.some((p) => matches(p, subject)));
    expect(subscribers(SUBJECTS.identity.authenticate)).toEqual(['identity']);
    expect(publishers(SUBJECTS.identity.authenticate)).toEqual(['gateway']);
    expect(publishers(SUBJECTS.identity.tokens.create)).toEqual(['gateway']);
    expect(publishers(SUBJECTS.identity.users.create)).toEqual(['gateway']);
    expect(publishers(SUBJECTS.registry.versions.transitionStage)).toEqual(['gateway']);
    expect(publishers(Q.subject)).toEqual(['batch-orchestrator']);
    expect(publishers(`$JS.API.STREAM.CREATE.${Q.stream}`)).toEqual(['batch-orchestrator']);
    expect(publishers(`$JS.API.CONSUMER.MSG.NEXT.${Q.stream}.${Q.consumer}`)).toEqual(['inference']);
  });
});

describe('connecting', () => {
  it('refuses an anonymous client, a user/password, and an NKEY the configuration does not know', async () => {
    await expect(connect({ servers: nats.url })).rejects.toMatchObject({ code: ErrorCode.AuthorizationViolation });
    await expect(connect({ servers: nats.url, user: 'gateway', pass: 'gateway' })).rejects.toMatchObject({
      code: ErrorCode.AuthorizationViolation,
    });
    const stranger = createNkeyUser();
    await expect(
      connect({ servers: nats.url, authenticator: nkeyAuthenticator(enc(stranger.seed)) }),
    ).rejects.toMatchObject({ code: ErrorCode.AuthorizationViolation });
  });
});

describe.each(SERVICES)('as the %s user', (service) => {
  const allowed = SERVICE_PERMISSIONS[service];

  it('may publish exactly what its permissions list (every subject, JetStream API, other inboxes)', async () => {
    const probe = await as(service);
    for (const subject of PUBLISH_PROBES) probe.nc.publish(subject, enc('{}'));
    await settled(probe);
    const refused = PUBLISH_PROBES.filter((s) => refusedPublish(probe, s));
    const expected = PUBLISH_PROBES.filter((s) => !allowed.publish.some((p) => matches(p, s)));
    expect(refused.sort()).toEqual(expected.sort());
    // Not vacuous: every user is refused a good part of the table (the gateway, which calls every
    // service's requests, MLflow 3's logged-model subjects included, is refused about a third).
    expect(refused.length).toBeGreaterThan(PUBLISH_PROBES.length / 4);
    await probe.nc.close();
  });

  it('may subscribe exactly to what its permissions list (wildcards, other services, other inboxes refused)', async () => {
    const probe = await as(service);
    for (const subject of SUBSCRIBE_PROBES) probe.nc.subscribe(subject);
    await settled(probe);
    const refused = SUBSCRIBE_PROBES.filter((s) => refusedSubscribe(probe, s));
    const expected = SUBSCRIBE_PROBES.filter((s) => !allowed.subscribe.includes(s));
    expect(refused.sort()).toEqual(expected.sort());
    for (const other of SERVICES.filter((s) => s !== service)) {
      expect(refused).toContain(`${natsInboxPrefix(other)}.>`);
    }
    expect(refused).toEqual(expect.arrayContaining(['>', '_INBOX.>', '$JS.API.>']));
    await probe.nc.close();
  });
});

/** The work queue as the orchestrator declares it. */
const queueSpec: WorkQueueSpec = {
  name: Q.stream,
  subject: Q.subject,
  consumer: Q.consumer,
  ackWaitMs: 30_000,
  maxDeliver: 101,
};

/** A JetStream manager that gives up fast: a refused request is never answered. */
const managerOf = (nc: NatsConnection): Promise<JetStreamManager> =>
  nc.jetstreamManager({ checkAPI: false, timeout: 1500 });

describe('JetStream: owners create, workers bind, nobody relays (issue 10 finding 4)', () => {
  let owner: Probe;
  let worker: Probe;
  let registry: Probe;
  const relayed: Msg[] = [];

  beforeAll(async () => {
    owner = await as('batch-orchestrator');
    worker = await as('inference');
    registry = await as('registry');
    // Whatever reaches the registry's stage-transition subject (a relay would land here).
    registry.nc.subscribe(SUBJECTS.registry.versions.transitionStage, {
      queue: 'registry',
      callback: (_error, msg) => relayed.push(msg),
    });
    await settled(registry);
  });

  it('the orchestrator creates its stream and durable pull consumer; a worker binds, pulls and acks', async () => {
    const queue = new JetStreamWorkQueue(owner.nc);
    await queue.ensure(queueSpec);
    await queue.ensure(queueSpec);
    expect(await queue.publish(queueSpec, 'job/0', { n: 0 })).toEqual({ duplicate: false });
    const consumer = await new JetStreamWorkQueue(worker.nc).consumer<{ n: number }>(queueSpec);
    const task = await consumer.next(5000);
    expect(task?.data).toEqual({ n: 0 });
    await task?.ack();
    await consumer.close();
    await settled(owner);
    await settled(worker);
    expect(owner.violations).toEqual([]);
    expect(worker.violations).toEqual([]);
  });

  it('a worker may not create the queue (it binds to what the owner created)', async () => {
    await expect(new JetStreamWorkQueue(worker.nc).ensure({ ...queueSpec, name: 'WORKER_MADE' })).rejects.toThrow();
    await settled(worker);
    expect(refusedPublish(worker, '$JS.API.STREAM.INFO.WORKER_MADE')).toBe(true);
  });

  it.each(['inference', 'batch-orchestrator'])(
    'as %s: the relay of the issue (a stream on a subject it may publish, a push consumer delivering to the registry) is refused',
    async (service) => {
      const attacker = await as(service);
      const jsm = await managerOf(attacker.nc);
      const publishable = SERVICE_PERMISSIONS[service].publish.find((s) => !s.startsWith('$'))!;
      const push = {
        durable_name: 'relay',
        ack_policy: AckPolicy.None,
        deliver_subject: SUBJECTS.registry.versions.transitionStage,
        deliver_group: 'registry',
      };
      const attempts: Array<[string, () => Promise<unknown>]> = [
        [
          '$JS.API.STREAM.CREATE.RELAY',
          () => jsm.streams.add({ name: 'RELAY', subjects: [publishable], storage: StorageType.Memory }),
        ],
        ['$JS.API.CONSUMER.CREATE.RELAY.relay', () => jsm.consumers.add('RELAY', push)],
        // A push consumer on the existing work queue, under a new name or the workers' own.
        [`$JS.API.CONSUMER.CREATE.${Q.stream}.relay`, () => jsm.consumers.add(Q.stream, push)],
        [
          `$JS.API.CONSUMER.CREATE.${Q.stream}.${Q.consumer}`,
          () => jsm.consumers.add(Q.stream, { ...push, durable_name: Q.consumer }),
        ],
        [
          `$JS.API.CONSUMER.DURABLE.CREATE.${Q.stream}.${Q.consumer}`,
          () =>
            attacker.nc.request(
              `$JS.API.CONSUMER.DURABLE.CREATE.${Q.stream}.${Q.consumer}`,
              enc({ stream_name: Q.stream, config: { ...push, durable_name: Q.consumer } }),
              { timeout: 1500 },
            ),
        ],
        // A mirror or a source of the work queue: its stored tasks copied where the attacker reads.
        [
          '$JS.API.STREAM.CREATE.MIRROR',
          () => jsm.streams.add({ name: 'MIRROR', mirror: { name: Q.stream }, storage: StorageType.Memory }),
        ],
        [
          '$JS.API.STREAM.CREATE.SOURCED',
          () => jsm.streams.add({ name: 'SOURCED', sources: [{ name: Q.stream }], storage: StorageType.Memory }),
        ],
        // Republish every stored task onto the registry's subject.
        [
          `$JS.API.STREAM.UPDATE.${Q.stream}`,
          () =>
            attacker.nc.request(
              `$JS.API.STREAM.UPDATE.${Q.stream}`,
              enc({
                name: Q.stream,
                subjects: [Q.subject],
                retention: 'workqueue',
                storage: 'file',
                republish: { src: '>', dest: SUBJECTS.registry.versions.transitionStage },
              }),
              { timeout: 1500 },
            ),
        ],
        [`$JS.API.STREAM.DELETE.${Q.stream}`, () => jsm.streams.delete(Q.stream)],
        [`$JS.API.STREAM.PURGE.${Q.stream}`, () => jsm.streams.purge(Q.stream)],
        [`$JS.API.STREAM.MSG.GET.${Q.stream}`, () => jsm.streams.getMessage(Q.stream, { seq: 1 })],
        [`$JS.API.CONSUMER.DELETE.${Q.stream}.${Q.consumer}`, () => jsm.consumers.delete(Q.stream, Q.consumer)],
        ['$JS.API.INFO', () => jsm.getAccountInfo()],
        ['$JS.API.STREAM.NAMES', () => jsm.streams.names().next()],
        [
          '$JS.API.STREAM.CREATE.KV_relay',
          () =>
            jsm.streams.add({
              name: 'KV_relay',
              subjects: ['$KV.relay.>'],
              retention: RetentionPolicy.Limits,
              storage: StorageType.Memory,
            }),
        ],
      ];
      for (const [subject, attempt] of attempts) {
        await expect(attempt()).rejects.toThrow();
        await settled(attacker);
        expect(`${subject}: ${refusedPublish(attacker, subject) ? 'refused' : 'not refused'}`).toBe(
          `${subject}: refused`,
        );
      }
      // Nothing was created, nothing reached the registry.
      const admin = await managerOf(owner.nc);
      await expect(admin.consumers.info(Q.stream, Q.consumer)).resolves.toMatchObject({
        config: { durable_name: Q.consumer },
      });
      expect((await admin.consumers.info(Q.stream, Q.consumer)).config.deliver_subject).toBeUndefined();
      expect(relayed).toEqual([]);
    },
  );
});

describe('identity and the gateway on the shipped configuration, each with its own NKEY', () => {
  const adminToken = `admin-${randomBytes(24).toString('hex')}`;
  let dataDir: string | undefined;
  let identity: INestMicroservice;
  let gateway: INestApplication;
  let url: string;
  const seen: Record<string, Array<{ subject: string; text: string }>> = {};
  const transportAs = (service: string): TransportConfig => ({
    kind: 'nats',
    url: nats.url,
    connectionName: service,
    identity: { service, credentials: { kind: 'nkey', seed: enc(keys[service].seed) } },
  });
  const http = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-auth-nats-'));
    const saved = process.env.LLMOPS_AUTH;
    process.env.LLMOPS_AUTH = 'on';
    try {
      identity = await startService(
        IdentityModule.forRoot({ databaseUrl: `pglite://${join(dataDir, 'db')}`, authEnabled: true, adminToken }),
        transportAs('identity'),
        { queue: IDENTITY_QUEUE, logger: false },
      );
      gateway = await createGatewayApp({ LLMOPS_AUTH: 'on', RATE_LIMIT_PER_SECOND: 0 }, transportAs('gateway'), {
        logger: false,
      });
      await gateway.listen(0, '127.0.0.1');
      url = `http://127.0.0.1:${(gateway.getHttpServer().address() as { port: number }).port}`;
    } finally {
      if (saved === undefined) delete process.env.LLMOPS_AUTH;
      else process.env.LLMOPS_AUTH = saved;
    }
    // A spy per service user on everything it may subscribe to (its own inbox included).
    for (const service of SERVICES) {
      const spy = await as(service);
      seen[service] = [];
      for (const subject of SERVICE_PERMISSIONS[service].subscribe) {
        spy.nc.subscribe(subject, {
          callback: (_error, msg) =>
            seen[service].push({ subject: msg.subject, text: dec(msg.data) + (msg.headers?.toString() ?? '') }),
        });
      }
      await settled(spy);
      expect(spy.violations).toEqual([]);
    }
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await identity?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('no service user reads an API token: authenticate carries a digest, the token answer only the gateway’s inbox', async () => {
    const user = `dev-${randomBytes(3).toString('hex')}`;
    expect((await http('POST', '/api/v1/users', adminToken, { name: user, roles: ['developer'] })).status).toBe(201);
    const created = await http('POST', '/api/v1/tokens', adminToken, { user, name: 'ci' });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^llmops_/);
    // The new user authenticates (a developer may not list users: 403 after authentication).
    expect((await http('GET', '/api/v1/users', secret)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));

    // The spies saw the traffic (this test can fail): identity every authenticate request, as a digest.
    const authenticates = seen.identity.filter((m) => m.subject === SUBJECTS.identity.authenticate);
    expect(authenticates.some((m) => m.text.includes(digest(secret)))).toBe(true);
    expect(authenticates.some((m) => m.text.includes(digest(adminToken)))).toBe(true);
    expect(seen.gateway.some((m) => m.text.includes(secret))).toBe(true);
    for (const service of SERVICES) {
      for (const message of seen[service]) {
        expect(`${service} ${message.subject}: ${message.text.includes(adminToken)}`).toBe(
          `${service} ${message.subject}: false`,
        );
        // The one place the new secret travels: identity's answer to tokens.create, on the gateway's inbox.
        const carriesSecret = message.text.includes(secret);
        const gatewayInbox = service === 'gateway' && message.subject.startsWith(`${natsInboxPrefix('gateway')}.`);
        expect(`${service} ${message.subject}: ${carriesSecret && !gatewayInbox}`).toBe(
          `${service} ${message.subject}: false`,
        );
      }
    }
  });

  it('the digest a subscriber could read is no credential at the gateway', async () => {
    expect((await http('GET', '/api/v1/users', digest(adminToken))).status).toBe(401);
    expect((await http('GET', '/api/v1/users', adminToken)).status).toBe(200);
  });

  it('a relayed message reaching a service is not served: a task pulled with identity’s subject as the reply', async () => {
    // JetStream answers a pull on its reply subject, which NATS does not check: the worker pulls a
    // stored message "for" identity.v1.users.create. What the owner queued looks like a user.
    const owner = await as('batch-orchestrator');
    const worker = await as('inference');
    const queue = new JetStreamWorkQueue(owner.nc);
    await queue.ensure(queueSpec);
    const evil = `relayed-${randomBytes(3).toString('hex')}`;
    await queue.publish(queueSpec, `relay/${evil}`, { name: evil, roles: ['admin'] });
    const identitySpy = await as('identity');
    const arrived = new Promise<Msg>((done) =>
      identitySpy.nc.subscribe(SUBJECTS.identity.users.create, { max: 1, callback: (_e, msg) => done(msg) }),
    );
    await settled(identitySpy);
    worker.nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${Q.stream}.${Q.consumer}`, enc({ batch: 1, expires: 2e9 }), {
      reply: SUBJECTS.identity.users.create,
    });
    await settled(worker);
    expect(worker.violations).toEqual([]);
    // NATS delivered it (the permission layer cannot stop this) ...
    const msg = await arrived;
    expect(dec(msg.data)).toContain(evil);
    // ... and identity dropped it: no such user. Same for an answer sent to a request subject.
    const gatewayUser = await as('gateway');
    gatewayUser.nc.publish(SUBJECTS.identity.health, enc({ pattern: SUBJECTS.identity.health, data: {}, id: '1' }), {
      reply: SUBJECTS.identity.users.create,
    });
    await settled(gatewayUser);
    await new Promise((r) => setTimeout(r, 500));
    const users = await http('GET', '/api/v1/users', adminToken);
    expect(users.status).toBe(200);
    expect(JSON.stringify(users.body)).not.toContain(evil);
    expect((users.body.users as Array<{ name: string }>).map((u) => u.name)).not.toContain(evil);
  });
});

describe('a service at boot', () => {
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [join(ROOT, 'tools/run.js'), 'apps/identity/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NATS_URL: nats.url,
        DATABASE_URL: 'pglite://memory',
        LLMOPS_ADMIN_TOKEN: 'x'.repeat(40),
        OPS_PORT: '0',
        NATS_NKEY_SEED_FILE: undefined,
        NATS_NKEY_SEED: undefined,
        NATS_CREDS_FILE: undefined,
        NATS_USER: undefined,
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('fails fast, saying what to set, without NATS credentials (auth on)', () => {
    const result = run({ LLMOPS_AUTH: 'on' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/identity: no NATS credentials\. Set NATS_NKEY_SEED_FILE/);
  }, 60_000);

  it('fails fast when NATS refuses its credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-seed-'));
    try {
      writeFileSync(join(dir, 'identity.nk'), createNkeyUser().seed, { mode: 0o600 });
      const result = run({ LLMOPS_AUTH: 'on', NATS_NKEY_SEED_FILE: join(dir, 'identity.nk') });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/refused identity \(Authorization Violation\)/);
      // A file that is not a seed is named, not echoed.
      writeFileSync(join(dir, 'identity.nk'), 'not-a-seed');
      const bad = run({ LLMOPS_AUTH: 'on', NATS_NKEY_SEED_FILE: join(dir, 'identity.nk') });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/NATS_NKEY_SEED_FILE \(.*identity\.nk\) does not hold a NATS user NKEY seed/);
      expect(bad.stderr).not.toContain('not-a-seed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
