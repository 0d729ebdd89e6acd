import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMBEDDED_SERVICES, runWalkthroughCommand, type Reporter } from '@llmops/cli';
import { embeddedMode, SecureWorld, V1 } from '../security/harness';
import { Browser } from './browser';

/*
 * The dashboard in headless Chromium against the embedded platform with authentication on, after a
 * small walkthrough: sign in, every page without a console error, compare two runs, promote as an
 * approver (and no such button for a viewer), watch a batch job finish live.
 */

const ROOT = resolve(__dirname, '../../..');
const MODEL = 'news-summarizer';
/** The trace the suite exports (the platform is embedded and new each run, so fixed ids do). */
const OTEL_TRACE = '5eed'.repeat(8);
const TRACE_ID = `tr-${OTEL_TRACE}`;
const ROOT_SPAN = 'a'.repeat(16);
const SPAN = {
  traceId: OTEL_TRACE,
  startTimeUnixNano: '1733356800000000000',
  endTimeUnixNano: '1733356800060000000',
  attributes: [{ key: 'mlflow.spanInputs', value: { stringValue: '{"article": "Markets rallied."}' } }],
  status: { code: 1 },
};

const quiet: Reporter = {
  stage: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  progress: () => ({ update: () => undefined, stop: () => undefined }),
};

describe('the dashboard in a browser (embedded, auth on)', () => {
  const world = new SecureWorld(embeddedMode, { viewer: 'viewer', approver: 'approver' } as const, {
    services: EMBEDDED_SERVICES.map((s) => s.name),
    requestLog: () => undefined,
  });
  const browser = new Browser();
  let walk: Awaited<ReturnType<typeof runWalkthroughCommand>>;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'tools/dashboard-build.js')], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`the dashboard did not build: ${build.stderr}`);
    await world.start();
    walk = await runWalkthroughCommand(
      {
        gateway: world.url,
        token: world.adminToken,
        dataDir: world.platform.root,
        offline: true,
        devLimit: 2,
        evalLimit: 6,
        partitionSize: 8,
      },
      quiet,
    );
    // A viewer and an approver see the model and the experiments (there is no default permission).
    const experiments = await world.req('GET', `${V1}/experiments?max_results=100`, world.admin);
    for (const who of ['viewer', 'approver'] as const) {
      const grants = [
        { kind: 'registered_model', resource_id: MODEL, permission: who === 'approver' ? 'EDIT' : 'READ' },
        ...experiments.body.experiments.map((e: { experiment_id: string }) => ({
          kind: 'experiment',
          resource_id: e.experiment_id,
          permission: 'READ',
        })),
      ];
      for (const grant of grants) {
        const granted = await world.req('POST', `${V1}/permissions`, world.admin, { user: world.names[who], ...grant });
        if (granted.status !== 201) throw new Error(`grant: ${granted.status} ${granted.text}`);
      }
    }
    await browser.start();
    // A summarization's trace (OTLP/JSON, as an OpenTelemetry exporter sends it) for the traces pages.
    const exported = await world.req(
      'POST',
      '/v1/traces',
      world.admin,
      {
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  { ...SPAN, spanId: ROOT_SPAN, name: 'summarize', endTimeUnixNano: '1733356800090000000' },
                  { ...SPAN, spanId: 'b'.repeat(16), parentSpanId: ROOT_SPAN, name: 'generate' },
                ],
              },
            ],
          },
        ],
      },
      { 'x-mlflow-experiment-id': experiments.body.experiments[0].experiment_id },
    );
    if (exported.status !== 200) throw new Error(`trace export: ${exported.status} ${exported.text}`);
  }, 600_000);

  afterAll(async () => {
    await browser.stop();
    await world.stop();
  });

  afterEach(() => {
    const problems = browser.problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('signs in with a token and shows every page, with no console error', async () => {
    const page = await browser.page();
    await page.goto(`${world.url}/models`);
    // Nothing but the sign-in form before a token is given.
    await page.getByLabel('API token').waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await browser.shot(page, '00-sign-in');
    await page.getByLabel('API token').fill(world.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Registered models' }).waitFor();

    const dev = walk.candidates[0].dev_run_id!;
    const evaluation = walk.candidates[0].evaluation_run_id!;
    const job = walk.batch!.job_id;
    const visits: Array<[string, string, string]> = [
      ['/experiments', 'Experiments and runs', '01-experiments'],
      [`/runs/${dev}`, `dev-`, '02-run'],
      [`/runs/${dev}?tab=metrics`, 'dev-', '03-run-metrics'],
      [`/runs/${evaluation}?tab=predictions`, `${MODEL}-v`, '04-run-predictions'],
      [`/runs/${dev}?tab=artifacts`, 'dev-', '05-run-artifacts'],
      [`/runs/${dev}?tab=datasets`, 'dev-', '06-run-datasets'],
      ['/models', 'Registered models', '07-models'],
      [`/models/${MODEL}`, MODEL, '08-model'],
      ['/batch', 'Batch jobs', '09-batch-jobs'],
      [`/batch/${job}`, 'Batch job', '10-batch-job'],
      ['/traces', 'Traces', '11-traces'],
      [`/traces/${TRACE_ID}`, 'Trace', '11-trace-waterfall'],
      ['/health', 'Health', '12-health'],
      ['/admin/users', 'Admin', '13-admin-users'],
      ['/admin/tokens', 'Admin', '14-admin-tokens'],
      ['/admin/permissions', 'Admin', '15-admin-permissions'],
      ['/admin/audit', 'Admin', '16-admin-audit'],
    ];
    for (const [path, heading, shot] of visits) {
      // Each page by its URL (a reload keeps the tab's token), as a bookmark would open it.
      await page.goto(`${world.url}${path}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${escape(heading)}`) }).waitFor();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('alert').count()).resolves.toBe(0);
      await browser.shot(page, shot);
    }

    // What the pages show is the platform's data.
    await page.goto(`${world.url}/health`);
    await page.getByText('every service is ready').waitFor();
    // Each service's replica announces itself (embedded: one of each of the five).
    await page.getByRole('table', { name: '5 replicas of 5 services' }).waitFor();
    await page.goto(`${world.url}/runs/${evaluation}?tab=predictions`);
    await page.getByRole('heading', { name: 'Reference' }).first().waitFor();
    await page.goto(`${world.url}/runs/${dev}?tab=artifacts`);
    await page
      .getByRole('button', { name: 'MLmodel' })
      .or(page.getByRole('button', { name: /model/ }))
      .first()
      .click();
    await page.goto(`${world.url}/traces`);
    await page.getByRole('link', { name: TRACE_ID.slice(0, 12) }).click();
    await page.getByRole('list', { name: /^Span waterfall/ }).waitFor();
    await page.getByRole('button', { name: /generate/ }).click();
    await page.goto(`${world.url}/batch/${job}`);
    await page.getByRole('heading', { name: 'Output Delta table' }).waitFor();
    await page.getByRole('button', { name: 'Show rows of version 1' }).click();
    await page.getByRole('heading', { name: 'Rows at version 1' }).waitFor();
    await page.close();
  });

  it('is usable at a narrow width: the page never scrolls sideways, tables do', async () => {
    const page = await browser.page();
    await page.setViewportSize({ width: 390, height: 844 });
    await browser.signIn(page, world.url, world.adminToken, `/models/${MODEL}`);
    await page.getByRole('heading', { level: 1, name: MODEL }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await browser.shot(page, '20-narrow-model');
    // Keyboard: the skip link is the first stop and lands in the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('main');
    await page.close();
  });

  it('compares two runs picked in the run table', async () => {
    const page = await browser.page();
    await browser.signIn(page, world.url, world.adminToken, '/experiments');
    const [a, b] = walk.candidates.slice(0, 2).map((c) => c.evaluation_run_id!);
    const names = [
      `${MODEL}-v${walk.candidates[0].version}-evaluation`,
      `${MODEL}-v${walk.candidates[1].version}-evaluation`,
    ];
    // Keyboard: the filter field, a search with MLflow's grammar.
    await page.getByLabel(/Filter runs/).fill("tags.`llmops.run_kind` = 'evaluation'");
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: names[0] }).waitFor();
    await page.getByRole('checkbox', { name: `Select run ${names[0]}` }).check();
    await page.getByRole('checkbox', { name: `Select run ${names[1]}` }).check();
    await page.getByRole('button', { name: 'Compare 2 runs' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    expect(new URL(page.url()).searchParams.get('runs')?.split(',').sort()).toEqual([a, b].sort());
    await page.getByText('ROUGE F1 (higher is better)').waitFor();
    const table = page.getByRole('table', { name: /Latest value of each metric/ });
    await table.getByRole('rowheader', { name: 'rougeL', exact: true }).waitFor();
    for (const name of names) await table.getByRole('columnheader', { name, exact: true }).waitFor();
    expect(await page.locator('figure.chart canvas').count()).toBe(3);
    await page.waitForLoadState('networkidle');
    await browser.shot(page, '30-compare');
    await page.close();
  });

  it('promotes as an approver, through the gate, with a reason; a viewer has no such button', async () => {
    const candidate = walk.candidates.find((c) => c.verdict === 'passed-not-best') ?? walk.candidates[1];
    const version = candidate.version!;

    const viewer = await browser.page();
    await browser.signIn(viewer, world.url, world.secrets.viewer, `/models/${MODEL}?version=${version}`);
    await viewer.getByRole('heading', { name: new RegExp(`^Version ${version}`) }).waitFor();
    await viewer.getByRole('heading', { name: 'Evaluation' }).waitFor();
    await viewer.waitForLoadState('networkidle');
    const actions = /^(Promote to Production…|Roll back to v\d+…|Move to Staging…|Archive…)$/;
    expect(await viewer.getByRole('button', { name: actions }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await browser.shot(viewer, '40-model-as-viewer');
    await viewer.close();

    const page = await browser.page();
    await browser.signIn(page, world.url, world.secrets.approver, `/models/${MODEL}?version=${version}`);
    await page.getByRole('button', { name: 'Promote to Production…' }).waitFor();
    expect(await page.getByRole('button', { name: actions }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Promote to Production…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Check the gate' }).click();
    await dialog.getByText('passes').waitFor();
    await dialog.getByRole('table', { name: /Gate checks/ }).waitFor();
    await browser.shot(page, '41-promote-dialog');
    await dialog.getByLabel(/Reason/).fill('e2e: promote the runner-up through the gate');
    await dialog.getByRole('button', { name: `Promote v${version}` }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .getByRole('heading', { name: new RegExp(`^Version ${version}`) })
      .getByText('Production')
      .waitFor();
    await page.getByText('gate passed').first().waitFor();
    await page.waitForLoadState('networkidle');
    await browser.shot(page, '42-model-after-promotion');
    await page.close();

    const audit = await world.req('GET', `${V1}/audit?action=model.promote`, world.admin);
    expect(audit.body.entries[0]).toMatchObject({ actor: world.names.approver, action: 'model.promote' });
    const versions = await world.req('GET', `${V1}/registered-models/${MODEL}/versions`, world.admin);
    const production = versions.body.model_versions.filter(
      (v: { current_stage: string }) => v.current_stage === 'Production',
    );
    expect(production.map((v: { version: string }) => v.version)).toEqual([version]);
  });

  it('watches a batch job finish live', async () => {
    // A job slow enough to watch: the bundled ONNX test model over 40 articles, 2 per partition.
    const datasets = join(world.platform.root, 'datasets');
    mkdirSync(datasets, { recursive: true });
    const articles = readFileSync(join(ROOT, 'data/news/prod.jsonl'), 'utf8').trim().split('\n');
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...JSON.parse(articles[i % articles.length]),
      id: `live-${i}`,
    }));
    const dataset = join(datasets, 'live.jsonl');
    writeFileSync(dataset, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const onnx = walk.candidates.find((c) => c.candidate.startsWith('onnx'))!;
    const submitted = await world.req('POST', `${V1}/batch-jobs`, world.admin, {
      datasetUri: dataset,
      modelUri: `models:/${MODEL}/${onnx.version}`,
      outputTable: join(world.platform.root, 'tables', 'live_summaries'),
      partitionSize: 2,
    });
    expect(submitted.status).toBe(201);
    const jobId = submitted.body.jobId as string;

    const page = await browser.page();
    await browser.signIn(page, world.url, world.adminToken, `/batch/${jobId}`);
    await page.getByText('Live: following').waitFor();
    expect(await page.getByTestId('job-state').textContent()).toBe('RUNNING');
    const seen = new Set<string>();
    const progress = page.locator('.progress-block span');
    await browser.shot(page, '50-batch-live');
    // Progress the page shows while it runs, from the stream (no reload happens).
    while ((await page.getByTestId('job-state').textContent()) === 'RUNNING') {
      seen.add((await progress.textContent()) ?? '');
      await page.waitForTimeout(100);
    }
    expect(await page.getByTestId('job-state').textContent()).toBe('SUCCEEDED');
    await page.getByText(/^Finished/).waitFor();
    expect(await progress.textContent()).toBe('100%');
    expect([...seen].some((p) => p !== '0%' && p !== '100%')).toBe(true);
    await page.getByRole('heading', { name: 'Output Delta table' }).waitFor();
    await page.waitForLoadState('networkidle');
    await browser.shot(page, '51-batch-finished');
    await page.close();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
