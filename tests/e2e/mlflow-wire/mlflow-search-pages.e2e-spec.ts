import { Answer, ML, MODES, SecureWorld } from '../security/harness';

/**
 * MLflow fills a search page up to max_results. The services answer in pages that fit one NATS
 * message (about 512 KB), so the gateway's MLflow API gathers them: the issue's case, where
 * `client.search_runs(max_results=1000)` over 1,008 runs (31 with 1,000 metrics each) returned 430,
 * and model versions with long descriptions past one service page.
 */
const RUNS = 1008;
const HEAVY_RUNS = 31;
const METRICS = 1000;
const VERSIONS = 150;

/** Setup requests wait out the per-token rate limit (embedded mode keeps its default of 50/s). */
async function patiently(send: () => Promise<Answer>): Promise<Answer> {
  for (;;) {
    const answer = await send();
    if (answer.status !== 429) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

describe.each(MODES)('MLflow search pages filled up to max_results, %s', (_mode, start) => {
  // Setting up 1,008 runs is far above one token's request rate limit (not what is tested here).
  const world = new SecureWorld(
    start,
    { dev: 'developer' },
    { services: ['identity', 'tracking', 'registry'], env: { RATE_LIMIT_PER_SECOND: '0' } },
  );
  let experimentId = '';

  beforeAll(async () => {
    await world.start();
    const dev = world.as('dev');
    const experiment = await world.req('POST', `${ML}/experiments/create`, dev, { name: `pages-${world.s}` });
    expect(experiment.status).toBe(200);
    experimentId = experiment.body.experiment_id;
    const indexes = Array.from({ length: RUNS }, (_, i) => i);
    await inBatches(indexes, 16, async (i) => {
      const run = await patiently(() =>
        world.req('POST', `${ML}/runs/create`, dev, {
          experiment_id: experimentId,
          start_time: 1733356800000 + i,
          run_name: `run-${i}`,
        }),
      );
      if (run.status !== 200) throw new Error(`create run: ${run.status} ${run.text}`);
      if (i >= HEAVY_RUNS) return;
      const metrics = Array.from({ length: METRICS }, (_, m) => ({
        key: `eval/rouge_per_article/${String(m).padStart(4, '0')}`,
        value: m / METRICS,
        timestamp: 1733356800000,
        step: 0,
      }));
      const logged = await world.req('POST', `${ML}/runs/log-batch`, dev, {
        run_id: run.body.run.info.run_id,
        metrics,
      });
      if (logged.status !== 200) throw new Error(`log-batch: ${logged.status} ${logged.text}`);
    });
  }, 600_000);
  afterAll(() => world.stop());

  it('search_runs(max_results=1000) over 1,008 runs answers 1,000, then the other 8', async () => {
    const first = await world.req('POST', `${ML}/runs/search`, world.as('dev'), {
      experiment_ids: [experimentId],
      max_results: 1000,
      order_by: ['attributes.start_time ASC'],
    });
    expect(first.status).toBe(200);
    // More than one service page (512 KB) had to be gathered.
    expect(first.raw.length).toBeGreaterThan(2 * 512 * 1024);
    expect(first.body.runs).toHaveLength(1000);
    expect(first.body.runs[0].info.run_name).toBe('run-0');
    expect(first.body.runs[0].data.metrics).toHaveLength(METRICS);
    expect(first.body.runs[999].info.run_name).toBe('run-999');
    expect(first.body.next_page_token).toEqual(expect.any(String));
    const rest = await world.req('POST', `${ML}/runs/search`, world.as('dev'), {
      experiment_ids: [experimentId],
      max_results: 1000,
      order_by: ['attributes.start_time ASC'],
      page_token: first.body.next_page_token,
    });
    expect(rest.status).toBe(200);
    expect(rest.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(
      Array.from({ length: 8 }, (_, i) => `run-${1000 + i}`),
    );
    expect(rest.body.next_page_token).toBeUndefined();
  });

  it('search_runs still pages when asked for fewer, and refuses more than 50,000', async () => {
    const page = await world.req('POST', `${ML}/runs/search`, world.as('dev'), {
      experiment_ids: [experimentId],
      max_results: 40,
    });
    expect(page.body.runs).toHaveLength(40);
    expect(page.body.next_page_token).toEqual(expect.any(String));
    const tooMany = await world.req('POST', `${ML}/runs/search`, world.as('dev'), {
      experiment_ids: [experimentId],
      max_results: 50_001,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('search_model_versions gathers versions past one service page', async () => {
    const dev = world.as('dev');
    const name = `pages-${world.s}`;
    expect((await world.req('POST', `${ML}/registered-models/create`, dev, { name })).status).toBe(200);
    const run = await world.req('POST', `${ML}/runs/create`, dev, { experiment_id: experimentId });
    const runId = run.body.run.info.run_id;
    // Sequential: each version takes the model's lock.
    for (let v = 1; v <= VERSIONS; v++) {
      const created = await patiently(() =>
        world.req('POST', `${ML}/model-versions/create`, dev, {
          name,
          source: `runs:/${runId}/model`,
          run_id: runId,
          description: `${v} `.padEnd(5000, 'x'),
        }),
      );
      if (created.status !== 200) throw new Error(`create version: ${created.status} ${created.text}`);
    }
    const all = await world.req(
      'GET',
      `${ML}/model-versions/search?filter=${encodeURIComponent(`name = '${name}'`)}&max_results=10000`,
      dev,
    );
    expect(all.status).toBe(200);
    expect(all.raw.length).toBeGreaterThan(512 * 1024);
    expect(all.body.model_versions).toHaveLength(VERSIONS);
    expect(new Set(all.body.model_versions.map((v: { version: string }) => v.version)).size).toBe(VERSIONS);
    expect(all.body.next_page_token).toBeUndefined();
  }, 300_000);
});
