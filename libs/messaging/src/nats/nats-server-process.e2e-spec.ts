import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from 'nats';

const ROOT = resolve(__dirname, '../../../..');

describe('startNatsServer({ exitWithParent: true })', () => {
  it('stops the server when the process that started it is killed outright (SIGKILL)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-nats-parent-'));
    try {
      const script = join(dir, 'parent.ts');
      writeFileSync(
        script,
        `import { startNatsServer } from ${JSON.stringify(resolve(__dirname, 'nats-server-process'))};\n` +
          `startNatsServer({ exitWithParent: true }).then((s) => { console.log(s.url); setInterval(() => undefined, 1000); });\n`,
      );
      const parent = spawn(process.execPath, [join(ROOT, 'tools/run.js'), script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const url = await new Promise<string>((done, fail) => {
        createInterface({ input: parent.stdout! }).once('line', done);
        parent.once('exit', (code) => fail(new Error(`parent exited (${code}) before starting NATS`)));
      });
      const probe = await connect({ servers: url, maxReconnectAttempts: 0 });
      await probe.close();

      parent.kill('SIGKILL');
      // The watchdog notices within a second or so; a bounded wait, not a timing assertion.
      let gone = false;
      for (let i = 0; i < 60 && !gone; i++) {
        await new Promise((r) => setTimeout(r, 500));
        gone = await connect({ servers: url, maxReconnectAttempts: 0, timeout: 1000 }).then(
          async (nc) => {
            await nc.close();
            return false;
          },
          () => true,
        );
      }
      expect(gone).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
