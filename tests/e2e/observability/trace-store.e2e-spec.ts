import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmbeddedPlatform, startEmbeddedPlatform } from '@llmops/cli';
import { RunningServices, startServices } from '@llmops/tools/services';

/*
 * Issue 12, done when: a request with a `traceparent` sent to the gateway is found, by its trace id,
 * through the platform's own trace search API, as one trace holding the spans of the gateway, NATS,
 * inference and the model, with no extra server: every process exports its spans to the tracking
 * service's trace store by default.
 */

const ML3 = '/api/3.0/mlflow';
const ARTICLE = 'The council met on Monday. It approved the budget for the new school. Parents welcomed it.';

interface StoredSpan {
  span_id: string;
  parent_span_id?: string;
  name: string;
  kind: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const hexOf = (base64?: string) => (base64 ? Buffer.from(base64, 'base64').toString('hex') : undefined);
const attr = (span: StoredSpan, key: string) =>
  Object.values(span.attributes.find((a) => a.key === key)?.value ?? {})[0] as unknown;

async function json(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** The trace the store holds for this trace id, once it has every span the check needs. */
async function findTrace(gateway: string, traceId: string): Promise<StoredSpan[]> {
  const wanted = ['POST /api/v1/summarize', 'inference.v1.summarize', 'summarize', 'model.summarize'];
  const deadline = Date.now() + 30_000;
  let last: string[] = [];
  for (;;) {
    const found = await json(`${gateway}${ML3}/traces/search`, {
      method: 'POST',
      body: JSON.stringify({
        locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '0' } }],
        filter: `trace.trace_id = 'tr-${traceId}'`,
      }),
    });
    const ids = ((found.traces ?? []) as Array<{ trace_id: string }>).map((t) => t.trace_id);
    expect(ids.length).toBeLessThanOrEqual(1);
    if (ids.length === 1) {
      expect(ids).toEqual([`tr-${traceId}`]);
      const full = await json(`${gateway}${ML3}/traces/get?trace_id=tr-${traceId}`);
      const spans = full.trace.spans as StoredSpan[];
      last = spans.map((s) => s.name);
      // Both halves of the NATS request: two spans named after the subject.
      if (wanted.every((n) => last.includes(n)) && last.filter((n) => n === 'inference.v1.summarize').length === 2)
        return spans;
    }
    if (Date.now() > deadline) throw new Error(`trace tr-${traceId} incomplete in the store: ${last.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectOneTraceInTheStore(gateway: string) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpan = randomBytes(8).toString('hex');
  const res = await fetch(`${gateway}/api/v1/summarize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01` },
    body: JSON.stringify({ model_uri: 'extractive', articles: [ARTICLE] }),
  });
  expect(res.status).toBe(200);
  const spans = await findTrace(gateway, traceId);
  const one = (pred: (s: StoredSpan) => boolean, what: string) => {
    const found = spans.filter(pred);
    expect({ what, count: found.length }).toEqual({ what, count: 1 });
    return found[0];
  };
  const http = one((s) => s.name === 'POST /api/v1/summarize', 'gateway HTTP span');
  expect({ kind: http.kind, parent: hexOf(http.parent_span_id) }).toEqual({
    kind: 'SPAN_KIND_SERVER',
    parent: callerSpan,
  });
  const client = one((s) => s.name === 'inference.v1.summarize' && s.kind === 'SPAN_KIND_CLIENT', 'NATS client');
  expect(client.parent_span_id).toBe(http.span_id);
  expect(attr(client, 'messaging.system')).toBe('nats');
  const server = one((s) => s.name === 'inference.v1.summarize' && s.kind === 'SPAN_KIND_SERVER', 'NATS server');
  expect(server.parent_span_id).toBe(client.span_id);
  expect(attr(server, 'service.name')).toBe('inference');
  const llm = one((s) => s.name === 'summarize', 'LLM span');
  expect(llm.parent_span_id).toBe(server.span_id);
  expect(attr(llm, 'mlflow.spanType')).toBe('LLM');
  expect(JSON.parse(attr(llm, 'mlflow.spanInputs') as string)).toEqual({ articles: [ARTICLE] });
  const model = one((s) => s.name === 'model.summarize', 'model span');
  expect(model.parent_span_id).toBe(llm.span_id);
  // Searchable by the model that served it (span attributes lifted into the trace's metadata).
  const byModel = await json(`${gateway}${ML3}/traces/search`, {
    method: 'POST',
    body: JSON.stringify({
      locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '0' } }],
      filter: `request_metadata.\`llmops.modelUri\` = 'extractive' AND trace.trace_id = 'tr-${traceId}'`,
    }),
  });
  expect((byModel.traces ?? []).map((t: { trace_id: string }) => t.trace_id)).toEqual([`tr-${traceId}`]);
  // The export itself is not traced: no span of the ingestion subject in any trace.
  expect(spans.some((s) => s.name.includes('traces.ingest-otlp'))).toBe(false);
}

describe('traces in the platform’s own trace store (the default exporter)', () => {
  describe('embedded', () => {
    let dir: string;
    let platform: EmbeddedPlatform;
    const saved = { ...process.env };

    beforeAll(async () => {
      // Only the store: no OTLP endpoint.
      for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_EXPORTER_OTLP')) delete process.env[key];
      process.env.OTEL_BSP_SCHEDULE_DELAY = '100';
      dir = mkdtempSync(join(tmpdir(), 'llmops-trace-store-embedded-'));
      platform = await startEmbeddedPlatform({
        dataDir: dir,
        port: 0,
        logger: false,
        requestLog: () => undefined,
        tracing: true,
      });
    }, 120_000);

    afterAll(async () => {
      await platform?.close();
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds the request’s trace by its id: gateway, in-process bus, inference and model spans', async () => {
      await expectOneTraceInTheStore(platform.url);
    });
  });

  describe('services', () => {
    let dir: string;
    let platform: RunningServices;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'llmops-trace-store-services-'));
      const database = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
      database.pathname = `/llmops_traces_${randomBytes(4).toString('hex')}`;
      platform = await startServices({
        dataDir: dir,
        auth: 'off',
        databaseUrl: database.href,
        port: 0,
        opsPort: 0,
        inferenceReplicas: 1,
        output: () => undefined,
        dropDatabaseOnStop: true,
        env: { OTEL_SDK_DISABLED: 'false', OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
      });
    }, 240_000);

    afterAll(async () => {
      await platform?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('finds the request’s trace by its id: gateway process, NATS, inference process and model spans', async () => {
      await expectOneTraceInTheStore(platform.gatewayUrl);
    });
  });
});
