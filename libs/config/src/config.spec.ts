import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { ConfigurationError, loadConfig } from './config';

// No type annotations on purpose: SWC emits no design:type for inferred property types, which is
// how services declare their configs.
class SampleConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 5000;

  @IsBoolean()
  VERBOSE = false;

  @IsString()
  NATS_URL = 'nats://127.0.0.1:4222';
}

describe('loadConfig', () => {
  it('takes defaults, and converts env strings to the type of the default', () => {
    expect(loadConfig(SampleConfig, {})).toMatchObject({ PORT: 5000, VERBOSE: false });
    expect(loadConfig(SampleConfig, { PORT: '8080', VERBOSE: 'true', NATS_URL: 'nats://n:4222' })).toMatchObject({
      PORT: 8080,
      VERBOSE: true,
      NATS_URL: 'nats://n:4222',
    });
  });

  it('fails fast listing every problem with the value it got', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { PORT: 'eighty', VERBOSE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems;
    expect(problems).toContain('PORT: PORT must be an integer number (got "eighty")');
    expect(problems).toContain('VERBOSE: VERBOSE must be a boolean value (got "maybe")');
    expect((error as Error).message).toContain('"eighty"');
  });
});
