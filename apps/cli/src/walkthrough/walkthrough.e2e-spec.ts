import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeltaTable } from '@llmops/delta';
import { GatewayHttpClient } from '../client/http-client';
import { PlatformClient } from '../client/platform-client';
import { startEmbeddedPlatform } from '../platform/embedded-platform';
import { runWalkthroughCommand } from './walkthrough.command';
import type { Reporter } from './reporter';

const ROOT = resolve(__dirname, '../../../..');
const PROD_ROWS = 24; // data/news/prod.jsonl

const quiet: Reporter = {
  stage: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  progress: () => ({ update: () => undefined, stop: () => undefined }),
};

async function tableRows(path: string) {
  const table = await DeltaTable.open(path);
  const snapshot = await table.snapshot();
  const rows = snapshot.files.reduce((n, f) => n + Number(JSON.parse(f.stats ?? '{}').numRecords ?? 0), 0);
  return { version: snapshot.version, rows, files: snapshot.files.length };
}

describe('the dev -> staging -> prod walkthrough (embedded)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-walkthrough-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const options = () => ({
    dataDir,
    offline: true,
    devLimit: 3,
    evalLimit: 12,
    partitionSize: 5,
  });

  it('runs the three stages offline: logs candidates, gates them, promotes one, appends the table', async () => {
    const result = await runWalkthroughCommand(options(), quiet);

    expect(result.candidates.map((c) => c.candidate)).toEqual([
      'extractive-textrank',
      'extractive-lead3',
      'onnx-tiny-random-t5',
    ]);
    for (const c of result.candidates) {
      expect(c.dev_run_id).toMatch(/^[0-9a-f]{32}$/);
      expect(c.evaluation_run_id).toMatch(/^[0-9a-f]{32}$/);
      expect(c.version).toMatch(/^\d+$/);
    }
    // The random-weights test model is refused by the gate with its reasons.
    const fixture = result.candidates.find((c) => c.candidate === 'onnx-tiny-random-t5')!;
    expect(fixture.verdict).toBe('rejected');
    expect(fixture.gate.reasons.join(' ')).toMatch(/ROUGE-L/);
    // Exactly one candidate reached Production, and it is the best that passed.
    const promoted = result.candidates.filter((c) => c.verdict === 'promoted');
    expect(promoted).toHaveLength(1);
    expect(result.production).toEqual({ name: 'news-summarizer', version: promoted[0].version });

    expect(result.batch).toMatchObject({ state: 'SUCCEEDED', rows_written: PROD_ROWS, rows_failed: 0 });
    expect(result.batch!.model_version).toBe(promoted[0].version);
    const table = await tableRows(result.table!.path);
    expect(table.rows).toBe(PROD_ROWS);
    expect(result.table).toMatchObject({ version: table.version, rows: PROD_ROWS });
  });

  it('a second run on the same data directory continues: new runs and versions, champion kept, table appended', async () => {
    const second = await runWalkthroughCommand(options(), quiet);

    // Same candidates, same data: nobody beats the champion, so it stays in Production.
    expect(second.champion_kept).toBe(true);
    expect(second.promoted).toBeNull();
    const versions = second.candidates.map((c) => Number(c.version));
    expect(Math.min(...versions)).toBeGreaterThanOrEqual(4);

    const table = await tableRows(second.table!.path);
    expect(table.rows).toBe(2 * PROD_ROWS);

    // What the first run left is intact and browsable through the gateway (`npm run serve`).
    const platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
    try {
      const client = new PlatformClient(new GatewayHttpClient({ baseUrl: platform.url }));
      const listed = await client.listVersions('news-summarizer');
      expect(listed.map((v) => Number(v.version)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(listed.filter((v) => v.current_stage === 'Production')).toHaveLength(1);
      const experiment = await client.getOrCreateExperiment('news-summarization-dev');
      const runs = await client.searchRuns({ experiment_ids: [experiment.experiment_id], max_results: 100 });
      expect(runs.runs).toHaveLength(6);

      // The walkthrough's gate is stored on the model: MLflow's own transition to Production is
      // refused by it for the random-weights model, with the failed check named.
      const stored = await client.getGatePolicy('news-summarizer');
      expect(stored.source).toBe('model');
      expect(stored.policy?.min_rouge_l).toBeDefined();
      const rejected = second.candidates.find((c) => c.candidate === 'onnx-tiny-random-t5')!;
      const refused = await fetch(`${platform.url}/api/2.0/mlflow/model-versions/transition-stage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'news-summarizer', version: rejected.version, stage: 'Production' }),
      });
      expect(refused.status).toBe(400);
      const error = (await refused.json()) as { error_code: string; message: string };
      expect(error.error_code).toBe('INVALID_STATE');
      expect(error.message).toMatch(/ROUGE-L/);
    } finally {
      await platform.close();
    }
  });

  it('`llmops walkthrough --json` ends with one JSON object on the last line of stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmops-walkthrough-json-'));
    try {
      const run = spawnSync(
        process.execPath,
        [
          'tools/run.js',
          'apps/cli/src/main.ts',
          'walkthrough',
          '--json',
          '--offline',
          '--data-dir',
          dir,
          '--dev-limit',
          '2',
          '--eval-limit',
          '6',
          '--partition-size',
          '8',
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[lines.length - 1]);
      expect(summary).toMatchObject({
        data_dir: dir,
        production: { name: 'news-summarizer' },
        table: { path: join(dir, 'tables', 'news_summaries'), rows: PROD_ROWS },
      });
      expect(summary.runs.length).toBeGreaterThanOrEqual(6);
      expect(summary.candidates.map((c: { verdict: string }) => c.verdict)).toContain('promoted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
