import { rateLimitFromEnv } from './embedded-platform';

describe('the embedded gateway reads the rate limit as services mode does', () => {
  it('passes set values and leaves unset ones to the defaults', () => {
    expect(rateLimitFromEnv({})).toEqual({});
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_SECOND: '0' })).toEqual({ RATE_LIMIT_PER_SECOND: 0 });
    expect(rateLimitFromEnv({ RATE_LIMIT_PER_SECOND: '2.5', RATE_LIMIT_BURST: '10' })).toEqual({
      RATE_LIMIT_PER_SECOND: 2.5,
      RATE_LIMIT_BURST: 10,
    });
  });

  it.each([
    { RATE_LIMIT_PER_SECOND: 'lots' },
    { RATE_LIMIT_PER_SECOND: '-1' },
    { RATE_LIMIT_BURST: '0' },
    { RATE_LIMIT_BURST: '1.5' },
  ])('refuses %p', (env) => expect(() => rateLimitFromEnv(env)).toThrow(/RATE_LIMIT_/));
});
