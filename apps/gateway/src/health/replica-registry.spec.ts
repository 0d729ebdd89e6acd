import { SUBJECTS } from '@llmops/contract';
import { InProcessBus, InProcessRpcClient, startHeartbeat } from '@llmops/messaging';
import { ReplicaRegistry } from './replica-registry';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('the replica registry (heartbeats on the in-process bus)', () => {
  it('counts each replica that beats, and forgets one silent for three intervals', async () => {
    const bus = new InProcessBus();
    const registry = new ReplicaRegistry({ kind: 'in-process', bus }, null);
    registry.onModuleInit();
    let now = 1_000;
    registry.now = () => now;
    const rpc = new InProcessRpcClient(bus, 1000);
    const beat = (service: string, replica: string, interval = 100) =>
      rpc.emit(SUBJECTS.presence.events.heartbeat, { service, replica, started_at: 1, at: now, interval_ms: interval });
    await beat('inference', 'h:1');
    await beat('inference', 'h:2');
    await beat('tracking', 'h:3', 1000);
    await until(() => registry.replicas().length === 3);
    expect(registry.replicas().map((r) => [r.service, r.replica])).toEqual([
      ['inference', 'h:1'],
      ['inference', 'h:2'],
      ['tracking', 'h:3'],
    ]);
    now += 301; // three inference intervals and a bit: both inference replicas are gone
    expect(registry.replicas().map((r) => r.replica)).toEqual(['h:3']);
    // Malformed heartbeats count for nothing.
    registry.record({ service: 'x' });
    registry.record(null);
    registry.record({ service: 'x', replica: 'r', started_at: 1, interval_ms: 0 });
    expect(registry.replicas()).toHaveLength(1);
    registry.onModuleDestroy();
    expect(bus.subscribers(SUBJECTS.presence.events.heartbeat)).toEqual([]);
  });

  it('hears what startHeartbeat publishes: now, and again every interval', async () => {
    const bus = new InProcessBus();
    const registry = new ReplicaRegistry({ kind: 'in-process', bus }, null);
    registry.onModuleInit();
    const beats: number[] = [];
    const original = registry.record.bind(registry);
    registry.record = (data) => {
      beats.push(Date.now());
      original(data);
    };
    const heartbeat = startHeartbeat(new InProcessRpcClient(bus, 1000), 'registry', 20);
    try {
      await until(() => beats.length >= 3);
      expect(beats.length).toBeGreaterThanOrEqual(3);
      expect(registry.replicas()).toEqual([
        expect.objectContaining({ service: 'registry', replica: expect.stringMatching(/:\d+$/) }),
      ]);
    } finally {
      heartbeat.stop();
      registry.onModuleDestroy();
    }
  });
});
