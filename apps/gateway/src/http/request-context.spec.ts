import { correlationIdFrom, currentRequestContext, runInRequestContext } from './request-context';

describe('correlation id', () => {
  it("keeps the caller's id when it is a plain token", () => {
    expect(correlationIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
  });

  it('makes a new id when there is none or it is not a plain token', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(correlationIdFrom(undefined)).toMatch(uuid);
    expect(correlationIdFrom('')).toMatch(uuid);
    expect(correlationIdFrom('line\nbreak')).toMatch(uuid);
    expect(correlationIdFrom('x'.repeat(129))).toMatch(uuid);
    expect(correlationIdFrom(undefined)).not.toBe(correlationIdFrom(undefined));
  });

  it('is visible to code awaited inside the request, and only there', async () => {
    expect(currentRequestContext()).toBeUndefined();
    const seen = await runInRequestContext({ correlationId: 'c-1' }, async () => {
      await new Promise((r) => setImmediate(r));
      return currentRequestContext()?.correlationId;
    });
    expect(seen).toBe('c-1');
    expect(currentRequestContext()).toBeUndefined();
  });
});
