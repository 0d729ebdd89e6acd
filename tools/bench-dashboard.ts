/**
 * `npm run bench:dashboard`: how fast the dashboard's first load is. Starts the embedded platform
 * (authentication off, an empty data directory), then loads the experiments page cold (a fresh
 * browser profile each time, nothing cached) in headless Chromium, and reports the bytes the first
 * load transferred (as served: the gateway does not compress) and how long until the page showed its
 * run table. Prints the median of the runs (argument: how many, default 5).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** `llmops serve` in a child process (as a user starts it), on a free port; resolves with its URL. */
function serve(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(__dirname, 'run.js'), join(__dirname, '../apps/cli/src/main.ts'), 'serve'],
    {
      env: { ...process.env, LLMOPS_AUTH: 'off', LLMOPS_DATA_DIR: dataDir, PORT: '0', LOG_REQUESTS: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, stop });
    });
    child.once('exit', (code) => reject(new Error(`llmops serve exited with ${code}: ${out}`)));
  });
}

const RUNS = Number(process.argv[2] ?? 5);

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(__dirname, 'dashboard-build.js')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the dashboard did not build');
  const dataDir = mkdtempSync(join(tmpdir(), 'llmops-bench-dashboard-'));
  const platform = await serve(dataDir);
  const results: Array<{ ms: number; bytes: Record<string, number> }> = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'llmops-bench-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1366, height: 768 },
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
        ],
      });
      try {
        const page = await context.newPage();
        const bytes: Record<string, number> = {};
        page.on('response', async (response) => {
          const type = response.request().resourceType();
          const body = await response.body().catch(() => Buffer.alloc(0));
          bytes[type] = (bytes[type] ?? 0) + body.length;
        });
        const started = Date.now();
        await page.goto(`${platform.url}/experiments`);
        await page.getByRole('table', { name: 'Runs' }).waitFor();
        const ms = Date.now() - started;
        await page.waitForLoadState('networkidle');
        results.push({ ms, bytes });
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  const kb = (n: number | undefined) => `${((n ?? 0) / 1024).toFixed(1)} KB`;
  console.log(`first load of /experiments, ${RUNS} cold loads (fresh profile each), median:`);
  console.log(`  until the run table shows: ${median.ms} ms (all: ${results.map((r) => r.ms).join(', ')} ms)`);
  console.log(
    `  transferred: script ${kb(median.bytes.script)}, stylesheet ${kb(median.bytes.stylesheet)}, ` +
      `document ${kb(median.bytes.document)}, API (fetch) ${kb(median.bytes.fetch)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
