import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on the loopback interface (the OS picks it; closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface NatsServerOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** A nats-server configuration file (users, permissions); `-a`/`-p`/`-js`/`-sd` still apply. */
  configFile?: string;
  /** JetStream store directory; a temp directory (removed on stop) when omitted. */
  storeDir?: string;
  /** Extra environment for the server (e.g. the public keys a configuration file reads). */
  env?: NodeJS.ProcessEnv;
  /**
   * Stop the server when this process dies, even by SIGKILL (a launcher's own server must not
   * outlive it): it runs under a small node watchdog that watches its parent.
   */
  exitWithParent?: boolean;
}

export interface NatsServerProcess {
  url: string;
  port: number;
  storeDir: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM) and removes a temp store directory. */
  stop(): Promise<void>;
}

/** `NATS_SERVER_BIN`, Debian's `/usr/sbin/nats-server`, or `nats-server` on the PATH. */
export function natsServerBinary(): string {
  return process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
}

/**
 * Runs `argv[1..]` and stops it when the watchdog's parent goes (re-parented: its ppid changes)
 * or on SIGTERM/SIGINT; exits with the server.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [bin, ...args] = process.argv.slice(1);
const parent = process.ppid;
const server = spawn(bin, args, { stdio: 'inherit' });
const stop = () => server.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => { if (process.ppid !== parent) stop(); }, 500);
server.on('error', (error) => { console.error(error.message); process.exit(1); });
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;

/**
 * Starts a nats-server of the caller's own (JetStream on, loopback only) and resolves once it is
 * ready. Test suites that start services use one, so that processes serving the same subjects on
 * the machine's shared NATS (another suite, a stale process) can never answer their requests.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerProcess> {
  const port = options.port ?? (await freePort());
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'llmops-nats-'));
  const args = [
    ...(options.configFile ? ['-c', options.configFile] : []),
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-js',
    '-sd',
    storeDir,
  ];
  const [command, commandArgs] = options.exitWithParent
    ? [process.execPath, ['-e', WATCHDOG, natsServerBinary(), ...args]]
    : [natsServerBinary(), args];
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const removeStore = () => {
    if (ownStore) rmSync(storeDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (!output.includes('Server is ready')) return;
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${output}`)));
    });
  } catch (error) {
    removeStore();
    throw error;
  }
  // Keep draining the pipes so a chatty server never blocks on a full buffer.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          removeStore();
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
