import { inFlightBound } from './inference.bootstrap';

describe('inFlightBound (how many queued requests a replica pulls at once)', () => {
  const base = { transport: null as never, cacheDir: '/tmp' };

  it('is one batch by default: one request without batching, the batch size with it', () => {
    expect(inFlightBound(base)).toBe(1);
    expect(inFlightBound({ ...base, maxBatchArticles: 1 })).toBe(1);
    expect(inFlightBound({ ...base, maxBatchArticles: 8 })).toBe(8);
  });

  it('takes INFERENCE_MAX_IN_FLIGHT when set (0 means the default)', () => {
    expect(inFlightBound({ ...base, maxBatchArticles: 8, maxInFlight: 2 })).toBe(2);
    expect(inFlightBound({ ...base, maxBatchArticles: 8, maxInFlight: 0 })).toBe(8);
  });
});
