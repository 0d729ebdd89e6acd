import { natsConnectionOptions } from './messaging.module';

describe('natsConnectionOptions', () => {
  it('turns off the per-request stack captures (noAsyncTraces) and keeps the rest', () => {
    const options = natsConnectionOptions('nats://a:4222,nats://b:4222', 'gateway');
    expect(options.noAsyncTraces).toBe(true);
    expect(options.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(options.name).toBe('gateway');
    expect(options.maxReconnectAttempts).toBe(-1);
  });
});
