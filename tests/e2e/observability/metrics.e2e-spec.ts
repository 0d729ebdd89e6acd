import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPlatform, startEmbeddedPlatform } from '@llmops/cli';

/*
 * Issue 12: the metrics an on-call engineer reads move when the platform works. The embedded
 * gateway's /metrics carries every module's domain metrics (one process); services mode serves the
 * same registry on each service's ops port (checked in services-mode.e2e-spec.ts).
 */

type Labels = Record<string, string>;

/** Sum of the samples of a metric whose labels include `match` (Prometheus text format). */
function sample(text: string, name: string, match: Labels = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Labels = {};
    for (const l of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    if (Object.entries(match).every(([k, v]) => labels[k] === v)) total += Number(m[4]);
  }
  return total;
}

const ARTICLES = [
  'The council met on Monday. It approved the budget for the new school. Parents welcomed the decision.',
  'Rain is expected tomorrow across the region. Farmers welcome it after a dry month. Roads may flood.',
  'The team won the final after extra time. Fans celebrated in the streets. The coach praised the defence.',
];

describe('metrics move as a summarization and a batch job run (embedded)', () => {
  let dir: string;
  let platform: EmbeddedPlatform;
  const get = async (path: string) => (await fetch(`${platform.url}${path}`)).text();
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmops-metrics-'));
    platform = await startEmbeddedPlatform({ dataDir: dir, port: 0, logger: false, requestLog: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves Node process and event-loop metrics next to the platform metrics', async () => {
    const text = await get('/metrics');
    expect(text).toContain('# TYPE llmops_gateway_process_cpu_user_seconds_total counter');
    expect(text).toContain('llmops_gateway_nodejs_eventloop_lag_p99_seconds');
    expect(text).toContain('# TYPE llmops_http_requests_total counter');
  });

  it('counts summaries, tokens, latency, failures, model loads and cache size by model', async () => {
    const model = { model: 'extractive', version: '' };
    const before = await get('/metrics');
    const ok = await post('/api/v1/summarize', { model_uri: 'extractive', articles: ARTICLES.slice(0, 2) });
    expect(ok.status).toBe(200);
    const bad = await post('/api/v1/summarize', { model_uri: 'extractive', articles: [''] });
    expect(bad.status).toBe(400);
    const after = await get('/metrics');
    const delta = (name: string, labels: Labels = model) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('llmops_summaries_total')).toBe(2);
    expect(delta('llmops_summarize_duration_seconds_count')).toBe(1);
    const tokensIn = ok.body.results.reduce((n: number, r: { tokens_in: number }) => n + r.tokens_in, 0);
    const tokensOut = ok.body.results.reduce((n: number, r: { tokens_out: number }) => n + r.tokens_out, 0);
    expect(delta('llmops_summarize_input_tokens_total')).toBe(tokensIn);
    expect(delta('llmops_summarize_output_tokens_total')).toBe(tokensOut);
    expect(delta('llmops_summarize_failures_total', { ...model, error_code: 'INVALID_PARAMETER_VALUE' })).toBe(1);
    // The first request of this process loaded the model (or an earlier suite's did).
    expect(sample(after, 'llmops_model_load_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'llmops_model_cache_models')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^llmops_inference_in_flight_requests(\{[^}]*\})? 0$/m);
  });

  it('counts rows written, Delta commits, partitions by state and tracking ingestion', async () => {
    mkdirSync(join(dir, 'datasets'), { recursive: true });
    const rows = ARTICLES.map((article, i) => JSON.stringify({ id: `r${i}`, article })).join('\n') + '\n';
    writeFileSync(join(dir, 'datasets', 'news.jsonl'), rows);
    const before = await get('/metrics');
    const job = await post('/api/v1/batch-jobs', {
      modelUri: 'extractive',
      datasetUri: join(dir, 'datasets', 'news.jsonl'),
      outputTable: join(dir, 'tables', 'summaries'),
      partitionSize: 2,
    });
    expect(job.status).toBe(201);
    const deadline = Date.now() + 60_000;
    let state = 'RUNNING';
    while (state === 'RUNNING' || state === 'PENDING') {
      if (Date.now() > deadline) throw new Error(`job ${job.body.jobId} did not finish`);
      await new Promise((r) => setTimeout(r, 100));
      state = ((await (await fetch(`${platform.url}/api/v1/batch-jobs/${job.body.jobId}`)).json()) as { state: string })
        .state;
    }
    expect(state).toBe('SUCCEEDED');
    const run = await post('/api/2.0/mlflow/runs/create', { experiment_id: '0' });
    expect(run.status).toBe(200);
    const logged = await post('/api/2.0/mlflow/runs/log-batch', {
      run_id: run.body.run.info.run_id,
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [
        { key: 'rouge1', value: 0.4, timestamp: Date.now(), step: 0 },
        { key: 'rouge1', value: 0.5, timestamp: Date.now(), step: 1 },
      ],
    });
    expect(logged.status).toBe(200);
    const after = await get('/metrics');
    const delta = (name: string, labels: Labels = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('llmops_batch_rows_written_total')).toBe(3);
    expect(delta('llmops_batch_rows_failed_total')).toBe(0);
    expect(delta('llmops_delta_commit_duration_seconds_count', { operation: 'WRITE' })).toBe(2);
    expect(delta('llmops_batch_partitions', { state: 'DONE' })).toBe(2);
    expect(sample(after, 'llmops_work_queue_pending_tasks', { state: 'pending' })).toBe(0);
    expect(delta('llmops_tracking_params_logged_total')).toBe(1);
    expect(delta('llmops_tracking_metrics_logged_total')).toBe(2);
  });
});
