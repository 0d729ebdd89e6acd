import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EmbeddedPlatform, startEmbeddedPlatform } from '@llmops/cli';
import { RunningServices, startServices } from '@llmops/tools/services';

/*
 * Issue 12: a `traceparent` sent to the gateway continues through NATS into inference and the
 * model, and the spans reach any OTLP endpoint named by the standard OTEL_* variables. The endpoint
 * here is a minimal OTLP/HTTP (JSON) receiver; services mode runs every app as its own process.
 */

/** The part of an OTLP/JSON export request this receiver reads. */
interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        name: string;
        kind?: number;
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        attributes?: OtlpAttribute[];
        links?: Array<{ traceId: string; spanId: string }>;
      }>;
    }>;
  }>;
}
type OtlpAttribute = { key: string; value?: Record<string, unknown> };

interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: Array<{ traceId: string; spanId: string }>;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP traces endpoint that keeps what it receives. */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
      for (const rs of body.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue;
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service: String(service ?? ''),
              name: s.name,
              kind: s.kind ?? 0,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
              attributes: Object.fromEntries(
                (s.attributes ?? []).map((a) => [a.key, Object.values(a.value ?? {})[0] as unknown]),
              ),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SERVER = 2;
const CLIENT = 3;
const ARTICLE = 'The council met on Monday. It approved the budget for the new school. Parents welcomed it.';

async function spansOf(collector: { spans: ReceivedSpan[] }, traceId: string, ready: (s: ReceivedSpan[]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const spans = collector.spans.filter((s) => s.traceId === traceId);
    if (ready(spans)) return spans;
    if (Date.now() > deadline) throw new Error(`trace ${traceId} incomplete: ${spans.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The request, then the trace: HTTP span under the caller's, NATS client and server spans, the model's. */
async function expectTraceThroughThePlatform(
  gateway: string,
  collector: { spans: ReceivedSpan[] },
  services: { gateway: string; inference: string },
  headers: Record<string, string> = {},
) {
  const traceId = randomBytes(16).toString('hex');
  const callerSpan = randomBytes(8).toString('hex');
  const res = await fetch(`${gateway}/api/v1/summarize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01`, ...headers },
    body: JSON.stringify({ model_uri: 'extractive', articles: [ARTICLE] }),
  });
  expect(res.status).toBe(200);
  const spans = await spansOf(collector, traceId, (s) =>
    ['POST /api/v1/summarize', 'summarize', 'model.summarize'].every((n) => s.some((x) => x.name === n)),
  );
  const one = (pred: (s: ReceivedSpan) => boolean, what: string) => {
    const found = spans.filter(pred);
    expect({ what, count: found.length }).toEqual({ what, count: 1 });
    return found[0];
  };
  const http = one((s) => s.name === 'POST /api/v1/summarize', 'gateway HTTP span');
  expect(http).toMatchObject({ service: services.gateway, kind: SERVER, parentSpanId: callerSpan });
  expect(http.attributes).toMatchObject({ 'http.route': '/api/v1/summarize', 'http.response.status_code': 200 });
  // The request's span carries the trace-level request and response previews (MLflow reads the root's).
  expect(JSON.parse(http.attributes['mlflow.spanInputs'] as string)).toEqual({ articles: [ARTICLE] });
  expect(JSON.parse(http.attributes['mlflow.spanOutputs'] as string).summaries).toHaveLength(1);
  expect(http.attributes['llmops.model.uri']).toBe('extractive');
  const client = one((s) => s.name === 'inference.v1.summarize' && s.kind === CLIENT, 'NATS client span');
  expect(client).toMatchObject({ service: services.gateway, parentSpanId: http.spanId });
  expect(client.attributes).toMatchObject({ 'messaging.system': 'nats' });
  const server = one((s) => s.name === 'inference.v1.summarize' && s.kind === SERVER, 'NATS server span');
  expect(server).toMatchObject({ service: services.inference, parentSpanId: client.spanId });
  const llm = one((s) => s.name === 'summarize', 'LLM span');
  expect(llm).toMatchObject({ service: services.inference, parentSpanId: server.spanId });
  expect(llm.attributes).toMatchObject({ 'mlflow.spanType': 'LLM', 'llmops.model.uri': 'extractive' });
  expect(JSON.parse(llm.attributes['mlflow.spanInputs'] as string)).toEqual({ articles: [ARTICLE] });
  expect(JSON.parse(llm.attributes['mlflow.spanOutputs'] as string).summaries).toHaveLength(1);
  const model = one((s) => s.name === 'model.summarize', 'model span');
  expect(model).toMatchObject({ service: services.inference, parentSpanId: llm.spanId });
}

describe('traces through the platform to an OTLP endpoint (OTEL_* variables)', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    collector = await startCollector();
  });

  afterAll(async () => {
    process.env = saved;
    await collector.close();
  });

  describe('embedded', () => {
    let dir: string;
    let platform: EmbeddedPlatform;

    beforeAll(async () => {
      Object.assign(process.env, {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        BATCH_TRACE_SAMPLE_RATE: '1',
        // This suite checks the OTLP export alone (trace-store.e2e-spec.ts checks the store).
        LLMOPS_TRACE_STORE: 'off',
      });
      dir = mkdtempSync(join(tmpdir(), 'llmops-otlp-embedded-'));
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
      rmSync(dir, { recursive: true, force: true });
    });

    it('continues the caller’s traceparent from the gateway over the in-process bus into inference and the model', async () => {
      await expectTraceThroughThePlatform(platform.url, collector, { gateway: 'llmops', inference: 'llmops' });
    });

    it('traces each batch partition as its own trace linked to the job’s, with its Delta commit and sampled rows', async () => {
      mkdirSync(join(dir, 'datasets'), { recursive: true });
      const rows = [0, 1, 2].map((i) => JSON.stringify({ id: `r${i}`, article: `${ARTICLE} Row ${i}.` })).join('\n');
      writeFileSync(join(dir, 'datasets', 'news.jsonl'), rows + '\n');
      const traceId = randomBytes(16).toString('hex');
      const res = await fetch(`${platform.url}/api/v1/batch-jobs`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
        },
        body: JSON.stringify({
          modelUri: 'extractive',
          datasetUri: join(dir, 'datasets', 'news.jsonl'),
          outputTable: join(dir, 'tables', 'traced'),
          partitionSize: 2,
        }),
      });
      expect(res.status).toBe(201);
      const deadline = Date.now() + 60_000;
      let partitions: ReceivedSpan[] = [];
      while (partitions.length < 2) {
        if (Date.now() > deadline) throw new Error(`partitions traced: ${partitions.length}`);
        await new Promise((r) => setTimeout(r, 200));
        partitions = collector.spans.filter(
          (s) => s.name === 'batch.partition' && s.links.some((l) => l.traceId === traceId),
        );
      }
      const jobSpans = collector.spans.filter((s) => s.traceId === traceId);
      for (const partition of partitions) {
        // Its own trace, linked to a span of the request that submitted the job.
        expect(partition.traceId).not.toBe(traceId);
        expect(partition.parentSpanId).toBeUndefined();
        expect(jobSpans.map((s) => s.spanId)).toContain(partition.links[0].spanId);
        expect(partition.attributes).toMatchObject({ 'llmops.batch.outcome': 'completed' });
        const own = await spansOf(collector, partition.traceId, (s) => s.some((x) => x.name === 'delta.commit'));
        // Every row sampled here (BATCH_TRACE_SAMPLE_RATE=1): an LLM span per row under the partition.
        const rowsTraced = own.filter((s) => s.name === 'summarize');
        expect(rowsTraced.length).toBe(Number(partition.attributes['llmops.batch.partition']) === 0 ? 2 : 1);
        for (const row of rowsTraced) expect(row.parentSpanId).toBe(partition.spanId);
      }
    });
  });

  describe('services', () => {
    let dir: string;
    let platform: RunningServices;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'llmops-otlp-services-'));
      const database = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
      database.pathname = `/llmops_otlp_${randomBytes(4).toString('hex')}`;
      platform = await startServices({
        dataDir: dir,
        auth: 'off',
        databaseUrl: database.href,
        port: 0,
        opsPort: 0,
        inferenceReplicas: 1,
        output: () => undefined,
        dropDatabaseOnStop: true,
        env: {
          OTEL_SDK_DISABLED: 'false',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url,
          OTEL_BSP_SCHEDULE_DELAY: '100',
          LLMOPS_TRACE_STORE: 'off',
        },
      });
    }, 240_000);

    afterAll(async () => {
      await platform?.stop();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('continues the caller’s traceparent from the gateway process over NATS into the inference process and the model', async () => {
      await expectTraceThroughThePlatform(platform.gatewayUrl, collector, {
        gateway: 'gateway',
        inference: 'inference',
      });
    });

    it('records the PostgreSQL queries a request causes, inside its trace (pg instrumentation)', async () => {
      const traceId = randomBytes(16).toString('hex');
      const res = await fetch(`${platform.gatewayUrl}/api/v1/experiments/by-name/missing-${traceId}`, {
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      expect(res.status).toBe(404);
      const spans = await spansOf(collector, traceId, (s) => s.some((x) => x.name.startsWith('pg.')));
      const server = spans.find((s) => s.kind === SERVER && s.service === 'tracking')!;
      const queries = spans.filter((s) => s.name.startsWith('pg.') && s.service === 'tracking');
      expect(queries.length).toBeGreaterThan(0);
      expect(queries.every((q) => q.traceId === server.traceId)).toBe(true);
    });
  });
});
