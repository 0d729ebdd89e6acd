import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

describe('Seq2SeqProcessClient', () => {
  it('keeps a host with nothing else to do alive until close() has ended the model process', () => {
    // A CLI driving a remote gateway has no server of its own: an unref'd child while waiting for its
    // exit let node end the process (code 0) inside close(), before the caller's next step.
    const dir = mkdtempSync(join(tmpdir(), 'llmops-seq2seq-close-'));
    try {
      const script = join(dir, 'close.ts');
      writeFileSync(
        script,
        `import { Seq2SeqProcessClient } from ${JSON.stringify(resolve(__dirname, 'seq2seq-process.client'))};\n` +
          `new Seq2SeqProcessClient().close().then(() => console.log('after close'));\n`,
      );
      const result = spawnSync(process.execPath, [resolve(__dirname, '../../../../tools/run.js'), script], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.stdout).toContain('after close');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
