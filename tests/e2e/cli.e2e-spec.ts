import { INestApplication, INestMicroservice } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TransportConfig } from '@llmops/messaging';
import { createSummarizer, logModel } from '@llmops/pipeline';
import { createGatewayApp } from '@llmops/gateway-app';
import {
  GatewayHttpClient,
  HttpTrackingSink,
  PlatformClient,
  runCli,
  EMBEDDED_SERVICES,
  startEmbeddedPlatform,
} from '@llmops/cli';
import { freePort, startPrivateNats } from './support/private-nats';
// The CLI (type:launcher) is what this suite exercises; it composes the apps by their index.

/**
 * `llmops` day-to-day commands against a real platform, embedded (in-process bus + PGlite) and in
 * services mode (NATS + PostgreSQL): commands run in-process through `runCli` (same parsing, output
 * and exit codes as the binary), plus a few real `llmops` processes for the exit codes end to end.
 */

interface Platform {
  url: string;
  close(): Promise<void>;
}

async function embeddedMode(dataDir: string): Promise<Platform> {
  const platform = await startEmbeddedPlatform({ dataDir, port: 0, logger: false, requestLog: () => undefined });
  return { url: platform.url, close: () => platform.close() };
}

/** Each service its own Nest app over NATS, sharing the test PostgreSQL database; the gateway in front. */
async function servicesMode(dataDir: string): Promise<Platform> {
  const nats = await startPrivateNats();
  mkdirSync(join(dataDir, 'artifacts'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    ARTIFACT_ROOT: pathToFileURL(join(dataDir, 'artifacts')).href,
    INFERENCE_CACHE_DIR: join(dataDir, 'cache'),
    NATS_URL: nats.url,
    LLMOPS_DATA_DIR: dataDir,
  };
  const transport: TransportConfig = { kind: 'nats', url: nats.url };
  const services: INestMicroservice[] = [];
  let gateway: INestApplication | undefined;
  const close = async () => {
    await gateway?.close();
    for (const service of services.reverse()) await service.close();
    await nats.stop();
  };
  try {
    for (const service of EMBEDDED_SERVICES) services.push(await service.start(env, transport, false));
    gateway = await createGatewayApp({ LOG_REQUESTS: 'false' }, transport, { logger: false });
    await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    await close();
    throw error;
  }
  const port = (gateway.getHttpServer().address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close };
}

const ROOT = resolve(__dirname, '../..');
const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

// Held-out news: the first sentence is the reference, so lead-1 scores ROUGE 1.0, lead-3 less.
const ARTICLES = [
  [
    'The city council approved a new budget for public parks on Monday.',
    'Officials said the money will pay for new benches and trees.',
    'Residents had asked for more green space for years.',
    'Work is expected to start in the spring.',
  ],
  [
    'A local bakery won a national prize for its sourdough bread.',
    'The owner thanked her staff and loyal customers.',
    'The bakery opened ten years ago in a small shop.',
    'Queues formed outside the door the next morning.',
  ],
];

/** The real `llmops` binary; asynchronous, since the platform it talks to runs in this process. */
function llmops(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['tools/run.js', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe.each([
  ['embedded (in-process bus + PGlite)', embeddedMode],
  ['services (NATS + PostgreSQL)', servicesMode],
])('llmops CLI against the platform, %s', (_mode, start) => {
  let dataDir: string;
  let platform: Platform;
  let client: PlatformClient;
  let heldOut: string;
  const id = suffix();
  const experiment = `cli-e2e-${id}`;
  const model = `cli-news-${id}`;
  let runA: string;
  let runB: string;
  const evaluation: Record<string, string> = {};

  /** `llmops <args> --gateway <platform>` in-process. */
  const cli = (args: string[], stdin?: string) => runCli([...args, '--gateway', platform.url], { stdin });
  const cliJson = async (args: string[]) => {
    const run = await cli([...args, '--json']);
    if (run.code !== 0) throw new Error(`llmops ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };

  /** A run holding an extractive lead-N package at `model`, with params and metrics, as a dev run. */
  async function devRun(experimentId: string, maxSentences: number, metrics: Record<string, number>) {
    const run = await client.createRun(experimentId, `lead-${maxSentences}`, { team: 'nlp' });
    const runId = run.info.run_id;
    await client.logBatch(runId, {
      params: { flavor: 'extractive', max_sentences: String(maxSentences), method: 'lead' },
      metrics,
    });
    await client.logDataset(runId, { name: 'dev', digest: `d${maxSentences}`, source: heldOut, rows: 2 }, 'training');
    const summarizer = await createSummarizer({
      flavor: 'extractive',
      settings: { method: 'lead', maxSentences, maxWords: 0 },
    });
    await logModel(new HttpTrackingSink(client), runId, summarizer, 'model');
    await client.endRun(runId, 'FINISHED');
    return runId;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'llmops-cli-e2e-'));
    heldOut = join(dataDir, 'held-out.jsonl');
    writeFileSync(
      heldOut,
      ARTICLES.map((s, i) => JSON.stringify({ id: `a${i}`, article: s.join(' '), reference: s[0] })).join('\n') + '\n',
    );
    platform = await start(join(dataDir, 'platform'));
    client = new PlatformClient(new GatewayHttpClient({ baseUrl: platform.url }));
    const exp = await client.getOrCreateExperiment(experiment);
    runA = await devRun(exp.experiment_id, 3, { rougeL: 0.25, latency_p50_ms: 4 });
    runB = await devRun(exp.experiment_id, 1, { rougeL: 0.4, latency_p50_ms: 4 });
    await client.ensureRegisteredModel(model, 'news summarizer (CLI e2e)');
    await client.createModelVersion(model, `runs:/${runA}/model`, runA, 'lead-3');
    await client.createModelVersion(model, `runs:/${runB}/model`, runB, 'lead-1');
  });

  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('experiments list: the seeded experiment, as JSON and as a table', async () => {
    const json = await cliJson(['experiments', 'list']);
    expect(json.experiments).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: experiment, lifecycle_stage: 'active' })]),
    );
    const table = await cli(['experiments', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+LIFECYCLE\s+CREATED/);
    expect(table.stdout).toContain(experiment);
  });

  it('runs list: by name or id, with an MLflow filter, order and max', async () => {
    const all = await cliJson(['runs', 'list', '--experiment', experiment]);
    expect(all.experiment.name).toBe(experiment);
    expect(all.runs.map((r: any) => r.info.run_id).sort()).toEqual([runA, runB].sort());

    const byId = await cliJson(['runs', 'list', '--experiment', all.experiment.experiment_id]);
    expect(byId.runs).toHaveLength(2);

    const filtered = await cliJson(['runs', 'list', '-e', experiment, '--filter', "params.max_sentences = '1'"]);
    expect(filtered.runs.map((r: any) => r.info.run_id)).toEqual([runB]);

    const ordered = await cliJson(['runs', 'list', '-e', experiment, '--order-by', 'metrics.rougeL ASC', '--max', '1']);
    expect(ordered.runs.map((r: any) => r.info.run_id)).toEqual([runA]);

    const table = await cli(['runs', 'list', '-e', experiment]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RUN ID\s+NAME\s+STATUS\s+STARTED\s+latency_p50_ms\s+rougeL$/);
    expect(lines.find((l) => l.startsWith(runB))).toMatch(/lead-1\s+FINISHED\s+\S+\s+4\s+0\.4$/);
  });

  it('runs show: info, params, latest metrics, tags, datasets and the artifact root', async () => {
    const json = await cliJson(['runs', 'show', runA]);
    expect(json.run.info).toMatchObject({ run_id: runA, status: 'FINISHED', run_name: 'lead-3' });
    expect(json.run.data.params).toEqual(expect.arrayContaining([{ key: 'max_sentences', value: '3' }]));
    expect(json.run.data.metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'rougeL', value: 0.25 })]),
    );
    expect(json.run.inputs.dataset_inputs[0].dataset).toMatchObject({ name: 'dev', digest: 'd3' });
    expect(json.artifacts.files).toEqual([expect.objectContaining({ path: 'model', is_dir: true })]);

    const text = (await cli(['runs', 'show', runA])).stdout;
    for (const section of ['PARAMS', 'METRICS (latest)', 'TAGS', 'DATASETS', 'ARTIFACTS'])
      expect(text).toContain(section);
    expect(text).toMatch(/^run_id:\s+\S+/m);
    expect(text).toMatch(/^model\s+dir/m);
  });

  it('runs compare: params and metrics side by side, differences marked, metric deltas', async () => {
    const json = await cliJson(['runs', 'compare', runA, runB]);
    expect(json.a.run_id).toBe(runA);
    expect(json.params).toEqual(
      expect.arrayContaining([
        { key: 'max_sentences', a: '3', b: '1', differs: true },
        { key: 'flavor', a: 'extractive', b: 'extractive', differs: false },
      ]),
    );
    const rougeL = json.metrics.find((m: any) => m.key === 'rougeL');
    expect(rougeL).toMatchObject({ a: 0.25, b: 0.4, differs: true });
    expect(rougeL.delta).toBeCloseTo(0.15, 10);

    const text = (await cli(['runs', 'compare', runA, runB])).stdout;
    expect(text).toMatch(/^\*\s+max_sentences\s+3\s+1$/m);
    expect(text).toMatch(/^\*\s+rougeL\s+0\.25\s+0\.4\s+\+0\.15$/m);
    expect(text).toMatch(/^\s+latency_p50_ms\s+4\s+4\s+0$/m);
  });

  it('models list and versions', async () => {
    const list = await cliJson(['models', 'list']);
    expect(list.registered_models.map((m: any) => m.name)).toContain(model);
    const versions = await cliJson(['models', 'versions', model]);
    expect(versions.model_versions.map((v: any) => [v.version, v.current_stage, v.run_id])).toEqual([
      ['1', 'None', runA],
      ['2', 'None', runB],
    ]);
    const table = (await cli(['models', 'versions', model])).stdout.split('\n');
    expect(table[0]).toMatch(/^VERSION\s+STAGE\s+ALIASES\s+RUN ID/);
    expect(table[1]).toMatch(new RegExp(`^1\\s+None\\s+-\\s+${runA}`));
  });

  it('models evaluate: ROUGE of each version on the held-out set, as an evaluation run', async () => {
    for (const version of ['1', '2']) {
      const json = await cliJson(['models', 'evaluate', model, version, '--dataset', heldOut]);
      expect(json.evaluation_run_id).toEqual(expect.any(String));
      expect(json.metrics.articles).toBe(2);
      evaluation[version] = json.evaluation_run_id;
      if (version === '2') expect(json.metrics.rougeL).toBeCloseTo(1, 6);
      else expect(json.metrics.rougeL).toBeLessThan(0.6);
    }
    const text = await cli(['models', 'evaluate', model, '2', '--dataset', heldOut, '--limit', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^rougeL\s+1$/m);
    expect(text.stdout).toContain('promote with: --evaluation-run ');
  });

  it('models promote through the gate; a refusal lists the failed checks and exits 4; rollback; history', async () => {
    expect(Object.keys(evaluation)).toEqual(['1', '2']);

    const first = await cliJson([
      'models',
      'promote',
      model,
      '1',
      '--gate-min-rouge-l',
      '0.1',
      '--evaluation-run',
      evaluation['1'],
    ]);
    expect(first.promoted).toBe(true);
    expect(first.model_version).toMatchObject({ version: '1', current_stage: 'Production' });
    expect(first.gate_decision).toMatchObject({ passed: true, overridden: false });

    const second = await cli([
      'models',
      'promote',
      model,
      '2',
      '--gate-min-rouge-l',
      '0.5',
      '--gate-max-failure-rate',
      '0',
      '--evaluation-run',
      evaluation['2'],
      '--reason',
      'lead-1 wins on held-out',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`models:/${model}/2 is now in Production`);
    expect(second.stdout).toContain('archived: version 1');
    expect(second.stdout).toMatch(/^ok\s+min_rouge_l\s+1\s+0\.5/m);

    // Lead-3 is below the bar: refused, nothing changes, every failed check printed.
    const refused = await cli([
      'models',
      'promote',
      model,
      '1',
      '--gate-min-rouge-l',
      '0.9',
      '--evaluation-run',
      evaluation['1'],
    ]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error: INVALID_STATE: .*refused by the gate/);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stdout).toContain(`The gate refused models:/${model}/1 -> Production. Failed checks:`);
    expect(refused.stdout).toMatch(/^ {2}FAIL min_rouge_l: /m);
    const refusedJson = await cli([
      'models',
      'promote',
      model,
      '1',
      '--gate-min-rouge-l',
      '0.9',
      '--evaluation-run',
      evaluation['1'],
      '--json',
    ]);
    expect(refusedJson.code).toBe(4);
    const decision = JSON.parse(refusedJson.stdout);
    expect(decision.promoted).toBe(false);
    expect(decision.failed_checks).toEqual([expect.stringMatching(/^min_rouge_l: /)]);
    const afterRefusal = await cliJson(['models', 'versions', model]);
    expect(afterRefusal.model_versions.map((v: any) => v.current_stage)).toEqual(['Archived', 'Production']);

    // An evaluation the evaluation service never recorded: refused on the evaluation check.
    const noEvidence = await cli([
      'models',
      'promote',
      model,
      '1',
      '--gate-min-rouge-l',
      '0.1',
      '--evaluation-run',
      'no-such-run',
    ]);
    expect(noEvidence.code).toBe(4);
    expect(noEvidence.stdout).toMatch(/FAIL evaluation: evaluation run no-such-run was not recorded/);
    // None named: the version's latest recorded evaluation is read (and here fails the bar).
    const latestRun = await cli(['models', 'promote', model, '1', '--gate-min-rouge-l', '0.99', '--json']);
    expect(latestRun.code).toBe(4);
    const latest = JSON.parse(latestRun.stdout);
    expect(latest.failed_checks).toEqual([expect.stringMatching(/^min_rouge_l: /)]);
    expect(latest.gate_decision.evaluation_run_id).toBe(evaluation['1']);

    // Rollback needs a reason, and goes through the override.
    const rolled = await cliJson(['models', 'rollback', model, '--reason', 'lead-1 summaries too short for the app']);
    expect(rolled).toMatchObject({ rolled_back_from: ['2'], rolled_back_to: '1', gate_overridden: true });
    expect(rolled.model_version).toMatchObject({ version: '1', current_stage: 'Production' });
    expect(rolled.gate_decision).toMatchObject({ overridden: true });
    const after = await cliJson(['models', 'versions', model]);
    expect(after.model_versions.map((v: any) => v.current_stage)).toEqual(['Production', 'Archived']);

    const history = await cliJson(['models', 'history', model]);
    const toProduction = history.entries.filter(
      (e: any) => e.action === 'stage_transition' && e.to_stage === 'Production',
    );
    expect(toProduction.map((e: any) => [e.version, e.override])).toEqual([
      ['1', false],
      ['2', false],
      ['1', true],
    ]);
    expect(toProduction[2].reason).toBe('rollback: lead-1 summaries too short for the app');
    expect(toProduction[1].evaluation_run_id).toBe(evaluation['2']);
    const historyText = (await cli(['models', 'history', model])).stdout;
    expect(historyText.split('\n')[0]).toMatch(/^TIME\s+VERSION\s+ACTION\s+FROM\s+TO/);
    expect(historyText).toMatch(/stage_transition\s+Archived\s+Production\s+-\s+\S+\s+yes/);

    // Who held Production between the first and the second promotion: version 1.
    const [t1, t2] = [toProduction[0].timestamp, toProduction[1].timestamp];
    expect(t2).toBeGreaterThan(t1);
    const at = new Date(t1 + Math.floor((t2 - t1) / 2)).toISOString();
    const held = await cliJson(['models', 'history', model, '--at', at]);
    expect(held).toMatchObject({ stage: 'Production', version: '1' });
    const heldNow = await cli(['models', 'history', model, '--at', new Date().toISOString()]);
    expect(heldNow.stdout).toMatch(new RegExp(`stage Production of ${model} was held by version 1`));

    // Rolling back again undoes the rollback: the history's previous Production version is 2.
    const again = await cliJson(['models', 'rollback', model, '--reason', 'back to lead-1 after all']);
    expect(again.rolled_back_to).toBe('2');
  });

  it('summarize-text: one article on stdin, its summary on stdout', async () => {
    const run = await cli(['summarize-text', '--model', `models:/${model}/2`], ARTICLES[1].join(' '));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${ARTICLES[1][0]}\n`);
    const json = await cli(['summarize-text', '--model', `models:/${model}/2`, '--json'], ARTICLES[0].join(' '));
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: ARTICLES[0][0], model_uri: `models:/${model}/2` });
    const empty = await cli(['summarize-text'], '  \n');
    expect(empty.code).toBe(6);
    expect(empty.stderr).toMatch(/^error: INVALID_PARAMETER_VALUE: No article on stdin/);
  });

  it('not found: exit 3 with one error line', async () => {
    for (const args of [
      ['runs', 'show', 'no-such-run'],
      ['runs', 'list', '--experiment', `missing-${id}`],
      ['models', 'versions', `missing-${id}`],
      ['models', 'promote', model, '99', '--override-reason', 'x'],
      ['models', 'history', `missing-${id}`],
    ]) {
      const run = await cli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 3 });
      expect(run.stderr).toMatch(/^error: RESOURCE_DOES_NOT_EXIST: .+\n$/);
      expect(run.stdout).toBe('');
    }
  });

  it('unreachable gateway: exit 5', async () => {
    const port = await freePort();
    const run = await runCli(['experiments', 'list', '--gateway', `http://127.0.0.1:${port}`]);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(
      /^error: TEMPORARILY_UNAVAILABLE: Cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+/,
    );
    // $LLMOPS_GATEWAY is the default.
    const fromEnv = await runCli(['models', 'list'], { env: { LLMOPS_GATEWAY: `http://127.0.0.1:${port}` } });
    expect(fromEnv.code).toBe(5);
  });

  it('the llmops process: JSON on stdout and exit 0, not found 3, gate refusal 4, usage 2, unreachable 5', async () => {
    const env = { LLMOPS_GATEWAY: platform.url };
    const [ok, missing, refused, usage, unreachable] = await Promise.all([
      llmops(['models', 'versions', model, '--json'], env),
      llmops(['runs', 'show', 'no-such-run'], env),
      llmops(['models', 'promote', model, '1', '--gate-min-rouge-l', '0.99', '--evaluation-run', evaluation['1']], env),
      llmops(['runs', 'compare', runA], env),
      llmops(['experiments', 'list', '--gateway', `http://127.0.0.1:${await freePort()}`]),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).model_versions).toHaveLength(2);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr).toMatch(/^error: RESOURCE_DOES_NOT_EXIST: /m);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^error: INVALID_STATE: /m);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: USAGE: missing required argument 'run_b'/m);
    expect(unreachable.code).toBe(5);
  }, 240_000);
});
