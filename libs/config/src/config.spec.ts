import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  describe('<NAME>_FILE (secrets mounted as files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const secret = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('reads a variable from the file its _FILE twin names, without the trailing newline', () => {
      const file = secret('nats-url', 'nats://user:pw@nats:4222\n');
      expect(loadConfig(SampleConfig, { NATS_URL_FILE: file, PORT_FILE: secret('port', '6000\n') })).toMatchObject({
        NATS_URL: 'nats://user:pw@nats:4222',
        PORT: 6000,
      });
    });

    it('refuses both the variable and its file, and names an unreadable file but never its contents', () => {
      let error: unknown;
      try {
        loadConfig(SampleConfig, {
          NATS_URL: 'nats://a:4222',
          NATS_URL_FILE: secret('both', 'nats://b:4222'),
          PORT_FILE: join(dir, 'missing'),
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      const problems = (error as ConfigurationError).problems;
      expect(problems).toContain('NATS_URL: set NATS_URL or NATS_URL_FILE, not both');
      expect(problems).toContain(`PORT_FILE: cannot read ${join(dir, 'missing')} (ENOENT)`);
      expect((error as Error).message).not.toContain('nats://b:4222');
    });

    it('validates what the file holds like any value', () => {
      expect(() => loadConfig(SampleConfig, { PORT_FILE: secret('bad-port', 'ninety\n') })).toThrow(/PORT/);
    });
  });
});
