import { SUBJECTS } from '@llmops/contract';
import { InProcessBus, InProcessRpcClient } from '@llmops/messaging';
import { AccessCache, TtlCache } from './access-cache';

describe('TtlCache', () => {
  it('answers from memory until the TTL has passed, then asks again', async () => {
    let now = 0;
    const cache = new TtlCache<string>(10, 5_000, () => now);
    let asked = 0;
    const lookup = async () => `answer-${++asked}`;
    expect(await cache.get('k', lookup)).toBe('answer-1');
    now += 4_999;
    expect(await cache.get('k', lookup)).toBe('answer-1');
    now += 1;
    expect(await cache.get('k', lookup)).toBe('answer-2');
  });

  it('keeps an answer no longer than it says, nothing with a TTL of 0, and no failure', async () => {
    let now = 0;
    const expiring = new TtlCache<number>(10, 5_000, () => now);
    await expiring.get(
      'k',
      async () => 1,
      () => 1_000,
    );
    now += 1_000;
    expect(
      await expiring.get(
        'k',
        async () => 2,
        () => 1_000,
      ),
    ).toBe(2);
    const refusals = new TtlCache<string>(10, 5_000);
    await refusals.get(
      'k',
      async () => 'NONE',
      (v) => (v === 'NONE' ? 0 : Infinity),
    );
    expect(refusals.size).toBe(0);
    const off = new TtlCache<string>(10, 0);
    await off.get('k', async () => 'READ');
    expect(off.size).toBe(0);
    await expect(refusals.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(refusals.size).toBe(0);
  });

  it('does not keep an answer asked for before a clear(): it may predate the change', async () => {
    const cache = new TtlCache<string>(10, 5_000);
    let answer!: (v: string) => void;
    const pending = cache.get('k', () => new Promise((r) => (answer = r)));
    cache.clear();
    answer('MANAGE');
    expect(await pending).toBe('MANAGE');
    expect(cache.size).toBe(0);
  });

  it('asks once for concurrent asks of a key; after a clear(), anew', async () => {
    const cache = new TtlCache<string>(10, 5_000);
    let asked = 0;
    let answer!: (v: string) => void;
    const lookup = () => ((asked += 1), new Promise<string>((r) => (answer = r)));
    const together = Array.from({ length: 200 }, () => cache.get('k', lookup));
    expect(asked).toBe(1);
    const before = answer;
    cache.clear();
    const after = cache.get('k', lookup);
    expect(asked).toBe(2);
    before('old');
    answer('new');
    expect(new Set(await Promise.all(together))).toEqual(new Set(['old']));
    expect(await after).toBe('new');
    expect(await cache.get('k', lookup)).toBe('new');
    expect(asked).toBe(2);
  });

  it('forgets the oldest beyond its capacity', async () => {
    const cache = new TtlCache<number>(2, 5_000);
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => 1);
    let asked = false;
    await cache.get('a', async () => ((asked = true), 2));
    expect(asked).toBe(true);
  });
});

describe('AccessCache', () => {
  it("drops callers on identity's token-revoked event and permissions on permission-changed", async () => {
    const bus = new InProcessBus();
    const cache = new AccessCache({ ACCESS_CACHE_TTL_MS: 5_000 }, { kind: 'in-process', bus });
    cache.onModuleInit();
    await cache.callers.get('digest', async () => ({ user: 'dev', roles: ['developer'], expires_at: null }));
    await cache.permissions.get('dev/experiment/1', async () => 'EDIT');
    await cache.readable.get('dev/experiment', async () => ['1']);
    const identity = new InProcessRpcClient(bus, 1_000);
    await identity.emit(SUBJECTS.identity.events.permissionChanged, {
      user: 'dev',
      kind: 'experiment',
      resource_id: '1',
    });
    expect([cache.callers.size, cache.permissions.size, cache.readable.size]).toEqual([1, 0, 0]);
    await identity.emit(SUBJECTS.identity.events.tokenRevoked, { token_id: 't', user: 'dev' });
    expect(cache.callers.size).toBe(0);
    cache.onModuleDestroy();
    expect(bus.subscribers(SUBJECTS.identity.events.tokenRevoked)).toEqual([]);
  });
});
