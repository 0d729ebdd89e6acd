import { ConfigurationError, loadConfig } from '@llmops/config';
import { GatewayConfig } from './gateway.config';

describe('GatewayConfig', () => {
  it('reads numbers from the environment and keeps defaults', () => {
    const config = loadConfig(GatewayConfig, { PORT: '8080', REQUEST_TIMEOUT_MS: '500' });
    expect(config.PORT).toBe(8080);
    expect(config.REQUEST_TIMEOUT_MS).toBe(500);
    expect(config.BODY_LIMIT).toBe('10mb');
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('fails fast listing every problem', () => {
    let error: unknown;
    try {
      loadConfig(GatewayConfig, { PORT: 'abc', BODY_LIMIT: 'lots', LOG_REQUESTS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/BODY_LIMIT/);
    expect(problems).toMatch(/LOG_REQUESTS/);
  });
});
