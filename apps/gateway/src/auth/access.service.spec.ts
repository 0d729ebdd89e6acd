import { ImmutableLookupCache } from './access.service';

describe("ImmutableLookupCache (a run's experiment, asked once)", () => {
  it('asks once per key and keeps the most recently used keys', async () => {
    const cache = new ImmutableLookupCache(2);
    const asked: string[] = [];
    const lookup = (key: string) => async () => {
      asked.push(key);
      return `exp-of-${key}`;
    };
    expect(await cache.get('a', lookup('a'))).toBe('exp-of-a');
    expect(await cache.get('a', lookup('a'))).toBe('exp-of-a');
    await cache.get('b', lookup('b'));
    await cache.get('a', lookup('a')); // a is now the most recent
    await cache.get('c', lookup('c')); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a', lookup('a'));
    await cache.get('b', lookup('b'));
    expect(asked).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not keep failures: a run not found yet is asked again', async () => {
    const cache = new ImmutableLookupCache(10);
    await expect(
      cache.get('r', async () => {
        throw new Error('RESOURCE_DOES_NOT_EXIST');
      }),
    ).rejects.toThrow('RESOURCE_DOES_NOT_EXIST');
    expect(await cache.get('r', async () => 'exp')).toBe('exp');
  });

  it('asks once for concurrent asks of a key', async () => {
    const cache = new ImmutableLookupCache(10);
    let asked = 0;
    const answers = await Promise.all(Array.from({ length: 200 }, () => cache.get('r', async () => `exp-${++asked}`)));
    expect(new Set(answers)).toEqual(new Set(['exp-1']));
    expect(asked).toBe(1);
  });
});
