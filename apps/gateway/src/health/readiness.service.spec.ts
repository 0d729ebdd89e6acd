import { ServiceUnavailableError } from '@llmops/contract';
import { RpcClient } from '@llmops/messaging';
import type { NatsConnection } from 'nats';
import { gatewayConfigWith } from '../gateway.config';
import { ServiceClient } from '../services/service-client';
import { healthSubjects, ReadinessService } from './readiness.service';

class FakeRpc extends RpcClient {
  constructor(private readonly answers: Record<string, unknown>) {
    super();
  }

  async request<T>(subject: string): Promise<T> {
    if (!(subject in this.answers)) throw new ServiceUnavailableError(`No service is answering '${subject}'`);
    return this.answers[subject] as T;
  }

  async emit(): Promise<void> {}
}

const fakeNats = (closed: boolean, flush: () => Promise<void> = async () => undefined) =>
  ({ isClosed: () => closed, flush }) as unknown as NatsConnection;

function readiness(answers: Record<string, unknown>, nats: NatsConnection | null, services = 'tracking,registry') {
  const config = gatewayConfigWith({ READINESS_SERVICES: services, READINESS_TIMEOUT_MS: 50 });
  return new ReadinessService(new ServiceClient(new FakeRpc(answers)), nats, config);
}

describe('ReadinessService', () => {
  it('finds every service with a health subject in the subject table', () => {
    expect(healthSubjects({ a: { health: 'a.v1.health', x: 'a.v1.x' }, b: { y: 'b.v1.y' } })).toEqual({
      a: 'a.v1.health',
    });
    expect(healthSubjects().tracking).toBe('tracking.v1.health');
  });

  it('is ready when the bus and every named service answer ok', async () => {
    const r = readiness(
      { 'tracking.v1.health': { status: 'ok' }, 'registry.v1.health': { status: 'ok' } },
      fakeNats(false),
    );
    await expect(r.check()).resolves.toEqual({
      status: 'ok',
      checks: { bus: { status: 'ok' }, tracking: { status: 'ok' }, registry: { status: 'ok' } },
    });
  });

  it('lists a missing service and a service answering not ok', async () => {
    const r = readiness({ 'tracking.v1.health': { status: 'degraded' } }, null);
    const answer = await r.check();
    expect(answer.status).toBe('unavailable');
    expect(answer.checks.bus).toEqual({ status: 'ok' });
    expect(answer.checks.tracking.status).toBe('failing');
    expect(answer.checks.registry).toEqual({
      status: 'failing',
      message: "No service is answering 'registry.v1.health'",
    });
  });

  it('fails the bus check when NATS is closed or does not answer a ping', async () => {
    const ok = { 'tracking.v1.health': { status: 'ok' } };
    expect((await readiness(ok, fakeNats(true), 'tracking').check()).checks.bus.status).toBe('failing');
    const silent = fakeNats(false, () => new Promise<void>(() => undefined));
    const answer = await readiness(ok, silent, 'tracking').check();
    expect(answer).toMatchObject({
      status: 'unavailable',
      checks: { bus: { status: 'failing' }, tracking: { status: 'ok' } },
    });
  });
});
