import { pairedBootstrap, seededRandom } from './bootstrap';

describe('pairedBootstrap', () => {
  it('is deterministic for a seed and brackets the observed means', () => {
    const random = seededRandom(7);
    const b = Array.from({ length: 100 }, () => random());
    const a = b.map((x, i) => x + (i % 2 === 0 ? 0.05 : 0.01));
    const first = pairedBootstrap(a, b, { seed: 3 });
    expect(pairedBootstrap(a, b, { seed: 3 })).toEqual(first);
    expect(first.difference.mean).toBeCloseTo(0.03, 10);
    for (const x of [first.a, first.b, first.difference]) {
      expect(x.low).toBeLessThanOrEqual(x.mean);
      expect(x.high).toBeGreaterThanOrEqual(x.mean);
    }
    // Pairing: the difference is always positive, so its interval is narrow and above zero, and no
    // resample says a did not beat b, while the two systems' own intervals overlap widely.
    expect(first.difference.low).toBeGreaterThan(0.009);
    expect(first.difference.high).toBeLessThan(0.051);
    expect(first.notBetter).toBe(0);
    expect(first.a.low).toBeLessThan(first.b.high);
  });

  it('finds no difference between a system and itself', () => {
    const xs = [0.1, 0.4, 0.3, 0.9, 0.2];
    const r = pairedBootstrap(xs, xs, { samples: 200 });
    expect(r.difference).toEqual({ mean: 0, low: 0, high: 0 });
    expect(r.notBetter).toBe(1);
  });

  it('refuses lists of different lengths or empty ones', () => {
    expect(() => pairedBootstrap([1], [1, 2])).toThrow(RangeError);
    expect(() => pairedBootstrap([], [])).toThrow(RangeError);
  });
});
