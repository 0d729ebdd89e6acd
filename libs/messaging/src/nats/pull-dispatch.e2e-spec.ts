import { Controller, INestApplicationContext, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { connect, headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import {
  ErrorCode,
  INFERENCE_REQUEST_QUEUE,
  QUEUED_REQUEST_HEADERS,
  ResourceNotFoundError,
  SUBJECTS,
} from '@llmops/contract';
import { MessagingModule } from '../messaging.module';
import { RpcClient } from '../rpc-client';
import { startService } from '../service-bootstrap';
import { rejectionOf } from '../testing/rejection-of';
import { NatsServerProcess, startNatsServer } from './nats-server-process';
import { PullDispatchOptions } from './pull-dispatch';

// The real subject: callers send it through its work queue because the contract lists it in
// PULL_DISPATCHED_SUBJECTS. The handler stands in for a replica whose work the test releases.
const SUBJECT = SUBJECTS.inference.summarize;

interface Started {
  replica: string;
  label: string;
  release: () => void;
}
const started: Started[] = [];

function replicaModule(name: string) {
  @Controller()
  class GatedController {
    @MessagePattern(SUBJECT)
    async handle(@Payload() req: { label: string }) {
      if (req.label === 'missing') throw new ResourceNotFoundError('Thing 42 does not exist');
      await new Promise<void>((release) => started.push({ replica: name, label: req.label, release }));
      return { replica: name, label: req.label };
    }
  }
  @Module({ controllers: [GatedController] })
  class ReplicaModule {}
  return ReplicaModule;
}

/** Waits for a condition the system must reach (not a timing assertion: the test fails on its own timeout). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

const release = (label: string) => started.find((s) => s.label === label)?.release();

describe('load-aware dispatch through a JetStream work queue (real nats-server)', () => {
  let nats: NatsServerProcess;
  let clientContext: INestApplicationContext;
  let client: RpcClient;
  let raw: NatsConnection;
  const replicas: INestMicroservice[] = [];

  const pull = (extra: Partial<PullDispatchOptions> = {}): PullDispatchOptions => ({
    channel: SUBJECT,
    queue: INFERENCE_REQUEST_QUEUE,
    maxInFlight: 1,
    ackWaitMs: 2_000,
    ...extra,
  });
  const startReplica = async (name: string, extra: Partial<PullDispatchOptions> = {}) => {
    const app = await startService(
      replicaModule(name),
      { kind: 'nats', url: nats.url },
      { queue: 'pull-test', logger: false, pull: pull(extra) },
    );
    replicas.push(app);
    return app;
  };
  const consumerInfo = async () => {
    const jsm = await raw.jetstreamManager();
    return jsm.consumers.info(INFERENCE_REQUEST_QUEUE.stream, INFERENCE_REQUEST_QUEUE.consumer);
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    @Module({ imports: [MessagingModule.forRoot({ kind: 'nats', url: nats.url, requestTimeoutMs: 60_000 })] })
    class ClientModule {}
    clientContext = await NestFactory.createApplicationContext(ClientModule, { logger: false });
    client = clientContext.get(RpcClient);
    raw = await connect({ servers: nats.url });
  });

  afterEach(async () => {
    for (const s of started.splice(0)) s.release();
    await Promise.all(replicas.splice(0).map((r) => r.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await raw?.close();
    await clientContext?.close();
    await nats?.stop();
  });

  it('a replica works on at most its bound; the rest wait in the queue for whichever frees up first', async () => {
    await startReplica('a');
    await startReplica('b');
    const answers = ['r1', 'r2', 'r3', 'r4'].map((label) =>
      client.request<{ replica: string; label: string }>(SUBJECT, { label }),
    );
    await until(() => started.length === 2);
    // One each: neither replica took a second request while the other had none.
    expect(started.map((s) => s.replica).sort()).toEqual(['a', 'b']);
    await until(async () => (await consumerInfo()).num_pending === 2);
    expect((await consumerInfo()).num_ack_pending).toBe(2);

    // The replica that finishes first takes the next one.
    const first = started[0];
    first.release();
    await until(() => started.length === 3);
    expect(started[2].replica).toBe(first.replica);

    for (const label of ['r1', 'r2', 'r3', 'r4']) {
      await until(() => started.some((s) => s.label === label));
      release(label);
    }
    const results = await Promise.all(answers);
    expect(results.map((r) => r.label)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(new Set(results.map((r) => r.replica))).toEqual(new Set(['a', 'b']));
    await until(async () => (await consumerInfo()).num_ack_pending === 0);
    expect((await consumerInfo()).num_pending).toBe(0);
  });

  it('a request whose replica dies mid-way is redelivered to another and still answered', async () => {
    const doomed = await startReplica('doomed');
    const answer = client.request<{ replica: string; label: string }>(SUBJECT, { label: 'orphan' });
    await until(() => started.some((s) => s.label === 'orphan' && s.replica === 'doomed'));
    // The replica's connection drops without an answer (a crash): nothing acks the request.
    await doomed.unwrap<NatsConnection>().close();
    await startReplica('rescuer');
    await until(() => started.some((s) => s.label === 'orphan' && s.replica === 'rescuer'));
    started.find((s) => s.label === 'orphan' && s.replica === 'rescuer')?.release();
    await expect(answer).resolves.toEqual({ replica: 'rescuer', label: 'orphan' });
  });

  it('a replica that is not active (draining) pulls nothing: the request goes to another', async () => {
    let active = false;
    await startReplica('draining', { active: () => active });
    const answer = client.request<{ replica: string }>(SUBJECT, { label: 'to-the-other' });
    await until(async () => (await consumerInfo()).num_pending === 1);
    await startReplica('serving');
    await until(() => started.some((s) => s.label === 'to-the-other'));
    release('to-the-other');
    await expect(answer).resolves.toMatchObject({ replica: 'serving' });
    // Active again, it pulls again.
    active = true;
    const next = client.request<{ label: string }>(SUBJECT, { label: 'any' });
    await until(() => started.some((s) => s.label === 'any'));
    release('any');
    await expect(next).resolves.toMatchObject({ label: 'any' });
    expect(started.filter((s) => s.replica === 'draining').map((s) => s.label)).not.toContain('to-the-other');
  });

  it('keeps the request/reply contract: error codes come back, and no replica means DEADLINE_EXCEEDED', async () => {
    await startReplica('errors');
    const error = await rejectionOf(client.request(SUBJECT, { label: 'missing' }));
    expect(error).toBeInstanceOf(ResourceNotFoundError);
    expect(error.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    await Promise.all(replicas.splice(0).map((r) => r.close()));

    // Nobody pulls: the caller times out with the usual code ...
    const late = await rejectionOf(client.request(SUBJECT, { label: 'expired' }, { timeoutMs: 500 }));
    expect(late.code).toBe(ErrorCode.DEADLINE_EXCEEDED);
    // ... and a replica that comes later drops it unanswered instead of working for nobody.
    await startReplica('later');
    const fresh = client.request<{ label: string }>(SUBJECT, { label: 'fresh' });
    await until(() => started.some((s) => s.label === 'fresh'));
    release('fresh');
    await expect(fresh).resolves.toMatchObject({ label: 'fresh' });
    expect(started.map((s) => s.label)).not.toContain('expired');
  });

  it('drops what a stray client queues that is not a request packet with an inbox, and keeps serving', async () => {
    await startReplica('guarded');
    const js = raw.jetstream();
    const codec = JSONCodec<unknown>();
    const noInbox = natsHeaders();
    noInbox.set(QUEUED_REQUEST_HEADERS.deadline, String(Date.now() + 60_000));
    // A packet for the subject but no reply inbox; a relay target instead of an inbox; not a packet.
    await js.publish(
      INFERENCE_REQUEST_QUEUE.subject,
      codec.encode({ pattern: SUBJECT, data: { label: 'x1' }, id: '1' }),
      {
        headers: noInbox,
      },
    );
    const relay = natsHeaders();
    relay.set(QUEUED_REQUEST_HEADERS.replyTo, SUBJECTS.tracking.runs.create);
    relay.set(QUEUED_REQUEST_HEADERS.deadline, String(Date.now() + 60_000));
    await js.publish(
      INFERENCE_REQUEST_QUEUE.subject,
      codec.encode({ pattern: SUBJECT, data: { label: 'x2' }, id: '2' }),
      {
        headers: relay,
      },
    );
    const wrongPattern = natsHeaders();
    wrongPattern.set(QUEUED_REQUEST_HEADERS.replyTo, '_INBOX.someone.1');
    wrongPattern.set(QUEUED_REQUEST_HEADERS.deadline, String(Date.now() + 60_000));
    await js.publish(
      INFERENCE_REQUEST_QUEUE.subject,
      codec.encode({ pattern: SUBJECTS.tracking.runs.create, data: { label: 'x3' }, id: '3' }),
      { headers: wrongPattern },
    );
    const fine = client.request<{ label: string }>(SUBJECT, { label: 'fine' });
    await until(() => started.some((s) => s.label === 'fine'));
    release('fine');
    await expect(fine).resolves.toMatchObject({ label: 'fine' });
    expect(started.map((s) => s.label)).toEqual(['fine']);
    await until(async () => (await consumerInfo()).num_ack_pending === 0);
  });
});
