import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nkeyPublicKey, nkeyVariable } from '@llmops/messaging';
import { SERVICE_PERMISSIONS } from '@llmops/deploy/nats-permissions';
import { SERVER_ENV_FILE, seedFileName, writeNatsCredentials } from '@llmops/deploy/nats-credentials';

const ROOT = resolve(__dirname, '../..');

describe('docker/nats/generate-nats-conf.ts --check', () => {
  it('passes: the committed file is current and covers every subject each service’s code names', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'tools/run.js'), 'docker/nats/generate-nats-conf.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});

describe('npm run nats:credentials (writeNatsCredentials)', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'llmops-nats-credentials-')), 'nats');
  });
  afterEach(() => rmSync(resolve(dir, '..'), { recursive: true, force: true }));

  const publicKeys = () =>
    Object.fromEntries(
      readFileSync(join(dir, SERVER_ENV_FILE), 'utf8')
        .split('\n')
        .filter((l) => /^NATS_\w+_NKEY=/.test(l))
        .map((l) => l.split('=')),
    );

  it('writes one private seed per service user and the public keys the server configuration reads', () => {
    writeNatsCredentials(dir);
    const keys = publicKeys();
    const services = Object.keys(SERVICE_PERMISSIONS);
    expect(Object.keys(keys).sort()).toEqual(services.map(nkeyVariable).sort());
    for (const service of services) {
      const path = join(dir, seedFileName(service));
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(nkeyPublicKey(readFileSync(path, 'utf8'))).toBe(keys[nkeyVariable(service)]);
    }
    expect(new Set(Object.values(keys)).size).toBe(services.length);
    expect(readFileSync(join(dir, SERVER_ENV_FILE), 'utf8')).not.toMatch(/\bS[UAO][A-Z2-7]{50,}/);
  });

  it('keeps existing keys unless told to rotate them', () => {
    writeNatsCredentials(dir);
    const before = publicKeys();
    expect(() => writeNatsCredentials(dir)).toThrow(/exist: keep them, or pass --force/);
    expect(publicKeys()).toEqual(before);
    writeFileSync(join(dir, seedFileName('gateway')), 'x', { mode: 0o644 });
    writeNatsCredentials(dir, { force: true });
    const after = publicKeys();
    for (const variable of Object.keys(before)) expect(after[variable]).not.toBe(before[variable]);
    expect(statSync(join(dir, seedFileName('gateway'))).mode & 0o777).toBe(0o600);
  });
});
