import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNkeyUser,
  natsAuthOptions,
  natsCredentialsFromEnv,
  natsInboxPrefix,
  nkeyPublicKey,
  nkeyVariable,
  serviceNatsIdentity,
} from './nats-credentials';

describe('NATS credentials from the environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-nats-creds-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an NKEY seed file (newline and all) and checks it is a user seed', () => {
    const { seed, publicKey } = createNkeyUser();
    writeFileSync(join(dir, 'svc.nk'), `${seed}\n`);
    const credentials = natsCredentialsFromEnv({ NATS_NKEY_SEED_FILE: join(dir, 'svc.nk') });
    expect(credentials?.kind).toBe('nkey');
    expect(nkeyPublicKey(new TextDecoder().decode((credentials as { seed: Uint8Array }).seed))).toBe(publicKey);
  });

  it('names the variable and file of a seed that is not one, without echoing its content', () => {
    writeFileSync(join(dir, 'bad.nk'), 'hunter2-not-a-seed');
    let message = '';
    try {
      natsCredentialsFromEnv({ NATS_NKEY_SEED_FILE: join(dir, 'bad.nk') });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^NATS_NKEY_SEED_FILE \(.*bad\.nk\) does not hold a NATS user NKEY seed/);
    expect(message).not.toContain('hunter2');
    expect(() => natsCredentialsFromEnv({ NATS_NKEY_SEED_FILE: join(dir, 'missing.nk') })).toThrow(
      /NATS_NKEY_SEED_FILE: cannot read .*missing\.nk/,
    );
  });

  it('falls back to a creds file, then a user with a password (file), then nothing', () => {
    writeFileSync(join(dir, 'pw'), 'secret\n');
    writeFileSync(join(dir, 'svc.creds'), '-----BEGIN NATS USER JWT-----');
    expect(natsCredentialsFromEnv({ NATS_CREDS_FILE: join(dir, 'svc.creds') })?.kind).toBe('creds');
    expect(natsCredentialsFromEnv({ NATS_USER: 'svc', NATS_PASSWORD_FILE: join(dir, 'pw') })).toEqual({
      kind: 'password',
      user: 'svc',
      pass: 'secret',
    });
    expect(() => natsCredentialsFromEnv({ NATS_USER: 'svc' })).toThrow(/NATS_USER is set without NATS_PASSWORD/);
    expect(natsCredentialsFromEnv({})).toBeUndefined();
  });

  it('refuses to boot a service without credentials unless LLMOPS_AUTH=off', () => {
    expect(() => serviceNatsIdentity('tracking', {})).toThrow(
      /tracking: no NATS credentials\. Set NATS_NKEY_SEED_FILE/,
    );
    expect(() => serviceNatsIdentity('tracking', { LLMOPS_AUTH: 'on' })).toThrow(/no NATS credentials/);
    expect(serviceNatsIdentity('tracking', { LLMOPS_AUTH: 'off' })).toEqual({ service: 'tracking' });
  });

  it('connects with the service’s own inbox prefix and its authenticator', () => {
    const { seed } = createNkeyUser();
    const options = natsAuthOptions({
      service: 'batch-orchestrator',
      credentials: { kind: 'nkey', seed: new TextEncoder().encode(seed) },
    });
    expect(options.inboxPrefix).toBe('_INBOX.batch-orchestrator');
    expect(typeof options.authenticator).toBe('function');
    expect(natsAuthOptions(undefined)).toEqual({});
    expect(() => natsInboxPrefix('a.b')).toThrow();
    expect(() => natsInboxPrefix('>')).toThrow();
    expect(nkeyVariable('batch-orchestrator')).toBe('NATS_BATCH_ORCHESTRATOR_NKEY');
  });
});
