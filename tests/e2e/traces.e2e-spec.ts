import { Writer } from 'protobufjs';
import { randomBytes } from 'node:crypto';
import { MODES, SecureWorld, V1 } from './security/harness';

/**
 * MLflow 3 GenAI traces through the gateway, in both ways to run: OTLP spans (protobuf, as MLflow's
 * clients and OpenTelemetry exporters send them, and OTLP/JSON), StartTraceV3, reads, search with
 * MLflow's grammar, tags, assessments, deletion, the 2.x endpoints with `traces.json` through the
 * artifact proxy; and the same API as a hostile user tries it.
 */
const ML = '/api/2.0/mlflow';
const ML3 = '/api/3.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts';

interface TestSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  error?: boolean;
  attributes: Record<string, string>;
}

/**
 * An ExportTraceServiceRequest written field by field from opentelemetry-proto's numbers (not
 * with the gateway's descriptor), so a wrong number in the gateway's decoder fails this suite.
 */
function otlpProtobuf(spans: TestSpan[]): Buffer {
  const w = Writer.create();
  w.uint32((1 << 3) | 2).fork(); // resource_spans
  w.uint32((2 << 3) | 2).fork(); // scope_spans
  w.uint32((1 << 3) | 2)
    .fork()
    .uint32((1 << 3) | 2)
    .string('mlflow.tracing')
    .ldelim(); // scope.name
  for (const s of spans) {
    w.uint32((2 << 3) | 2).fork(); // spans
    w.uint32((1 << 3) | 2).bytes(Buffer.from(s.traceId, 'hex'));
    w.uint32((2 << 3) | 2).bytes(Buffer.from(s.spanId, 'hex'));
    if (s.parentSpanId) w.uint32((4 << 3) | 2).bytes(Buffer.from(s.parentSpanId, 'hex'));
    w.uint32((5 << 3) | 2).string(s.name);
    w.uint32((6 << 3) | 0).int32(1); // SPAN_KIND_INTERNAL
    w.uint32((7 << 3) | 1).fixed64(s.startNs.toString());
    w.uint32((8 << 3) | 1).fixed64(s.endNs.toString());
    for (const [key, value] of Object.entries(s.attributes)) {
      w.uint32((9 << 3) | 2).fork();
      w.uint32((1 << 3) | 2).string(key);
      w.uint32((2 << 3) | 2)
        .fork()
        .uint32((1 << 3) | 2)
        .string(value)
        .ldelim();
      w.ldelim();
    }
    w.uint32((15 << 3) | 2)
      .fork()
      .uint32((3 << 3) | 0)
      .int32(s.error ? 2 : 1)
      .ldelim(); // status.code
    w.ldelim();
  }
  w.ldelim().ldelim();
  return Buffer.from(w.finish());
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const b64 = (h: string) => Buffer.from(h, 'hex').toString('base64');

describe.each(MODES)('MLflow traces through the gateway, %s', (_mode, start) => {
  const world = new SecureWorld(
    start,
    { alice: 'developer', bob: 'developer', val: 'viewer' },
    { services: ['identity', 'tracking', 'registry'], requestLog: () => undefined },
  );
  let aliceExp: string;
  let bobExp: string;
  const now = BigInt(Date.now()) * 1_000_000n;
  const otelTrace = hex(16);
  const traceId = `tr-${otelTrace}`;
  const root = hex(8);
  const child = hex(8);

  const ok = async (who: 'alice' | 'bob' | 'val', method: string, path: string, body?: unknown) => {
    const answer = await world.req(method, path, world.as(who), body);
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };
  const otlp = (who: 'alice' | 'bob', experimentId: string, spans: TestSpan[]) =>
    world.req('POST', '/v1/traces', world.as(who), otlpProtobuf(spans), {
      'content-type': 'application/x-protobuf',
      'x-mlflow-experiment-id': experimentId,
    });

  beforeAll(async () => {
    await world.start();
    aliceExp = (await ok('alice', 'POST', `${ML}/experiments/create`, { name: `traces-alice-${world.s}` }))
      .experiment_id;
    bobExp = (await ok('bob', 'POST', `${ML}/experiments/create`, { name: `traces-bob-${world.s}` })).experiment_id;
    const granted = await world.req('POST', `${V1}/permissions`, world.admin, {
      user: world.names.val,
      kind: 'experiment',
      resource_id: aliceExp,
      permission: 'READ',
    });
    if (granted.status >= 300) throw new Error(`grant: ${granted.status} ${granted.text}`);
  }, 120_000);
  afterAll(() => world.stop());

  it('stores OTLP spans as a trace, completes it with StartTraceV3, and answers it as MLflow does', async () => {
    const exported = await otlp('alice', aliceExp, [
      {
        traceId: otelTrace,
        spanId: child,
        parentSpanId: root,
        name: 'generate',
        startNs: now + 1_000_000n,
        endNs: now + 40_000_000n,
        attributes: { 'mlflow.spanType': '"LLM"', 'mlflow.spanInputs': '{"article": "news"}' },
      },
      {
        traceId: otelTrace,
        spanId: root,
        name: 'summarize',
        startNs: now,
        endNs: now + 50_000_000n,
        attributes: {
          'mlflow.spanType': '"CHAIN"',
          'mlflow.spanInputs': '{"article": "A long article"}',
          'mlflow.spanOutputs': '"A summary"',
        },
      },
    ]);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/application\/x-protobuf/);
    expect(exported.raw.length).toBe(0);

    const started = await ok('alice', 'POST', `${ML3}/traces`, {
      trace: {
        trace_info: {
          trace_id: traceId,
          trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: aliceExp } },
          request_time: new Date(Number(now / 1_000_000n)).toISOString(),
          execution_duration: '0.05s',
          state: 'OK',
          trace_metadata: { 'mlflow.modelId': 'm-0123', 'mlflow.trace_schema.version': '3' },
          tags: { 'mlflow.traceName': 'summarize', team: 'news', 'mlflow.artifactLocation': 'file:///etc' },
        },
      },
    });
    const info = started.trace.trace_info;
    expect(info.trace_id).toBe(traceId);
    expect(info.state).toBe('OK');
    expect(info.execution_duration).toBe('0.05s');
    expect(info.trace_location).toEqual({ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: aliceExp } });
    // Spans are in the store: the client reads them with BatchGetTraces and uploads nothing.
    expect(info.tags['mlflow.trace.spansLocation']).toBe('TRACKING_STORE');
    // The artifact location is the server's, never the client's.
    expect(info.tags['mlflow.artifactLocation']).toBe(`mlflow-artifacts:/${aliceExp}/traces/${traceId}/artifacts`);
    expect(info.request_preview).toBe('{"article": "A long article"}');
    expect(info.response_preview).toBe('"A summary"');

    const got = await ok('alice', 'GET', `${ML3}/traces/${traceId}`);
    expect(got.trace.trace_info.trace_metadata['mlflow.modelId']).toBe('m-0123');

    const full = await ok('alice', 'GET', `${ML3}/traces/get?trace_id=${traceId}`);
    const spans = full.trace.spans;
    expect(spans.map((s: { name: string }) => s.name)).toEqual(['summarize', 'generate']);
    expect(spans[0]).toMatchObject({
      trace_id: b64(otelTrace),
      span_id: b64(root),
      kind: 'SPAN_KIND_INTERNAL',
      start_time_unix_nano: now.toString(),
      end_time_unix_nano: (now + 50_000_000n).toString(),
      status: { code: 'STATUS_CODE_OK' },
    });
    expect(spans[0].parent_span_id).toBeUndefined();
    expect(spans[1].parent_span_id).toBe(b64(root));
    expect(spans[1].attributes).toContainEqual({ key: 'mlflow.spanType', value: { string_value: '"LLM"' } });

    const batch = await ok('alice', 'GET', `${ML3}/traces/batchGet?trace_ids=${traceId}`);
    expect(batch.traces.map((t: { trace_info: { trace_id: string } }) => t.trace_info.trace_id)).toEqual([traceId]);
    expect(batch.traces[0].spans).toHaveLength(2);
    // Each trace of a batch is authorised on its experiment: one that does not exist cannot be.
    const unknown = await world.req(
      'GET',
      `${ML3}/traces/batchGet?trace_ids=${traceId}&trace_ids=tr-${hex(16)}`,
      world.as('alice'),
    );
    expect(unknown.status).toBe(404);
  });

  it('takes the spans of one new trace sent concurrently (several services exporting at once)', async () => {
    const otel = hex(16);
    const rootId = hex(8);
    const spans: TestSpan[] = Array.from({ length: 8 }, (_, i) => ({
      traceId: otel,
      spanId: i === 0 ? rootId : hex(8),
      ...(i === 0 ? {} : { parentSpanId: rootId }),
      name: `step-${i}`,
      startNs: now + BigInt(i) * 1_000_000n,
      endNs: now + 100_000_000n,
      attributes: {},
    }));
    const answers = await Promise.all(spans.map((span) => otlp('alice', aliceExp, [span])));
    expect(answers.map((a) => a.status)).toEqual(spans.map(() => 200));
    const full = await ok('alice', 'GET', `${ML3}/traces/get?trace_id=tr-${otel}`);
    expect(full.trace.spans).toHaveLength(8);
    expect(full.trace.trace_info).toMatchObject({ state: 'OK', execution_duration: '0.1s' });
    expect(full.trace.trace_info.tags['mlflow.trace.spansLocation']).toBe('TRACKING_STORE');
    await ok('alice', 'POST', `${ML}/traces/delete-traces`, { experiment_id: aliceExp, request_ids: [`tr-${otel}`] });
  });

  it('searches traces with MLflow trace grammar: status, time, tags, metadata, order and pages', async () => {
    const errored = hex(16);
    const errRoot = hex(8);
    expect(
      (
        await otlp('alice', aliceExp, [
          {
            traceId: errored,
            spanId: errRoot,
            name: 'summarize',
            startNs: now + 5_000_000_000n,
            endNs: now + 5_100_000_000n,
            error: true,
            attributes: {},
          },
        ])
      ).status,
    ).toBe(200);
    const search = (body: Record<string, unknown>) =>
      ok('alice', 'POST', `${ML3}/traces/search`, {
        locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: aliceExp } }],
        ...body,
      });
    const ids = (answer: { traces?: Array<{ trace_id: string }> }) => (answer.traces ?? []).map((t) => t.trace_id);
    expect(ids(await search({}))).toEqual([`tr-${errored}`, traceId]);
    expect(ids(await search({ filter: "trace.status = 'ERROR'" }))).toEqual([`tr-${errored}`]);
    expect(ids(await search({ filter: "attributes.status = 'OK' AND tags.team = 'news'" }))).toEqual([traceId]);
    expect(ids(await search({ filter: "request_metadata.`mlflow.modelId` = 'm-0123'" }))).toEqual([traceId]);
    expect(ids(await search({ filter: "metadata.`mlflow.modelId` LIKE 'm-%'" }))).toEqual([traceId]);
    expect(ids(await search({ filter: "trace.model_id = 'm-0123'" }))).toEqual([traceId]);
    expect(ids(await search({ filter: `trace.timestamp_ms > ${Number(now / 1_000_000n) + 1000}` }))).toEqual([
      `tr-${errored}`,
    ]);
    expect(ids(await search({ filter: "trace.name = 'summarize'", order_by: ['timestamp_ms ASC'] }))).toEqual([
      traceId,
      `tr-${errored}`,
    ]);
    const first = await search({ max_results: 1 });
    expect(ids(first)).toEqual([`tr-${errored}`]);
    expect(ids(await search({ max_results: 1, page_token: first.next_page_token }))).toEqual([traceId]);
    const bad = await world.req('POST', `${ML3}/traces/search`, world.as('alice'), {
      locations: [{ mlflow_experiment: { experiment_id: aliceExp } }],
      filter: 'trace.status = OK',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    // MLflow 2.x search (GET, 2.x TraceInfo).
    const v2 = await ok(
      'alice',
      'GET',
      `${ML}/traces?experiment_ids=${aliceExp}&filter=${encodeURIComponent("tags.team = 'news'")}`,
    );
    expect(v2.traces).toHaveLength(1);
    expect(v2.traces[0]).toMatchObject({ request_id: traceId, experiment_id: aliceExp, status: 'OK' });
  });

  it('sets and deletes trace tags (2.0 and 3.0 routes)', async () => {
    expect(
      (await world.req('PATCH', `${ML}/traces/${traceId}/tags`, world.as('alice'), { key: 'k', value: 'v' })).status,
    ).toBe(200);
    expect((await ok('alice', 'GET', `${ML3}/traces/${traceId}`)).trace.trace_info.tags.k).toBe('v');
    expect((await world.req('DELETE', `${ML3}/traces/${traceId}/tags`, world.as('alice'), { key: 'k' })).status).toBe(
      200,
    );
    expect((await ok('alice', 'GET', `${ML3}/traces/${traceId}`)).trace.trace_info.tags.k).toBeUndefined();
    const again = await world.req('DELETE', `${ML}/traces/${traceId}/tags`, world.as('alice'), { key: 'k' });
    expect(again.status).toBe(404);
  });

  it('records a reviewer rating a summary, an expectation, an override, updates and deletes them', async () => {
    const rated = await ok('alice', 'POST', `${ML3}/traces/${traceId}/assessments`, {
      assessment: {
        assessment_name: 'summary_quality',
        trace_id: traceId,
        source: { source_type: 'HUMAN', source_id: 'reviewer@news' },
        feedback: { value: 4 },
        rationale: 'Faithful, a bit long',
      },
    });
    const a = rated.assessment;
    expect(a.assessment_id).toMatch(/^a-[0-9a-f]{32}$/);
    expect(a).toMatchObject({
      assessment_name: 'summary_quality',
      trace_id: traceId,
      source: { source_type: 'HUMAN', source_id: 'reviewer@news' },
      feedback: { value: 4 },
      rationale: 'Faithful, a bit long',
      valid: true,
    });
    const expected = await ok('alice', 'POST', `${ML3}/traces/${traceId}/assessments`, {
      assessment: {
        assessment_name: 'reference',
        source: { source_type: 'HUMAN', source_id: 'editor' },
        expectation: { value: 'The reference summary' },
      },
    });
    const override = await ok('alice', 'POST', `${ML3}/traces/${traceId}/assessments`, {
      assessment: {
        assessment_name: 'summary_quality',
        source: { source_type: 'HUMAN', source_id: 'lead' },
        feedback: { value: 5 },
        overrides: a.assessment_id,
      },
    });
    expect((await ok('alice', 'GET', `${ML3}/traces/${traceId}/assessments/${a.assessment_id}`)).assessment.valid).toBe(
      false,
    );
    const info = await ok('alice', 'GET', `${ML3}/traces/${traceId}`);
    expect(info.trace.trace_info.assessments).toHaveLength(3);

    const updated = await ok(
      'alice',
      'PATCH',
      `${ML3}/traces/${traceId}/assessments/${expected.assessment.assessment_id}`,
      {
        assessment: { expectation: { value: 'A better reference' }, rationale: 'ignored: not in the mask' },
        update_mask: 'expectation',
      },
    );
    expect(updated.assessment.expectation).toEqual({ value: 'A better reference' });
    expect(updated.assessment.rationale).toBeUndefined();
    const turned = await world.req(
      'PATCH',
      `${ML3}/traces/${traceId}/assessments/${expected.assessment.assessment_id}`,
      world.as('alice'),
      {
        assessment: { feedback: { value: 1 } },
        update_mask: 'feedback',
      },
    );
    expect(turned.status).toBe(400);

    await ok('alice', 'DELETE', `${ML3}/traces/${traceId}/assessments/${override.assessment.assessment_id}`);
    expect((await ok('alice', 'GET', `${ML3}/traces/${traceId}/assessments/${a.assessment_id}`)).assessment.valid).toBe(
      true,
    );
    const gone = await world.req(
      'GET',
      `${ML3}/traces/${traceId}/assessments/${override.assessment.assessment_id}`,
      world.as('alice'),
    );
    expect(gone.status).toBe(404);
    const neither = await world.req('POST', `${ML3}/traces/${traceId}/assessments`, world.as('alice'), {
      assessment: { assessment_name: 'x', source: { source_type: 'HUMAN', source_id: 'r' } },
    });
    expect(neither.status).toBe(400);
  });

  it('serves the 2.x flow: start, end, traces.json through the artifact proxy, and reads it back', async () => {
    const started = await ok('alice', 'POST', `${ML}/traces`, {
      experiment_id: aliceExp,
      timestamp_ms: 1_700_000_000_000,
      request_metadata: [{ key: 'mlflow.traceInputs', value: '{"q": 1}' }],
      tags: [{ key: 'mlflow.traceName', value: 'predict' }],
    });
    const id = started.trace_info.request_id;
    expect(started.trace_info).toMatchObject({
      experiment_id: aliceExp,
      status: 'IN_PROGRESS',
      timestamp_ms: 1_700_000_000_000,
    });
    const location = started.trace_info.tags.find((t: { key: string }) => t.key === 'mlflow.artifactLocation').value;
    expect(location).toBe(`mlflow-artifacts:/${aliceExp}/traces/${id}/artifacts`);
    const ended = await ok('alice', 'PATCH', `${ML}/traces/${id}`, {
      request_id: id,
      timestamp_ms: 1_700_000_000_250,
      status: 'OK',
      tags: [{ key: 'stage', value: 'dev' }],
    });
    expect(ended.trace_info).toMatchObject({ status: 'OK', execution_time_ms: 250 });
    const spanId = hex(8);
    const traceData = {
      spans: [
        {
          trace_id: b64(id.slice(3)),
          span_id: b64(spanId),
          parent_span_id: null,
          name: 'predict',
          start_time_unix_nano: 1_700_000_000_000_000_000,
          end_time_unix_nano: 1_700_000_000_250_000_000,
          events: [],
          status: { code: 'STATUS_CODE_OK', message: '' },
          attributes: { 'mlflow.spanType': '"CHAIN"', 'mlflow.spanOutputs': '"done"' },
        },
      ],
    };
    const path = location.replace('mlflow-artifacts:/', '');
    const put = await world.req(
      'PUT',
      `${PROXY}/artifacts/${path}/traces.json`,
      world.as('alice'),
      JSON.stringify(traceData),
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(put.status).toBe(200);
    const back = await world.req('GET', `${PROXY}/artifacts/${path}/traces.json`, world.as('alice'));
    expect(JSON.parse(back.text)).toEqual(JSON.parse(JSON.stringify(traceData)));
    const full = await ok('alice', 'GET', `${ML3}/traces/get?trace_id=${id}`);
    expect(full.trace.spans).toHaveLength(1);
    expect(full.trace.spans[0]).toMatchObject({
      name: 'predict',
      span_id: b64(spanId),
      status: { code: 'STATUS_CODE_OK' },
    });
    const info = await ok('alice', 'GET', `${ML}/traces/${id}/info`);
    expect(info.trace_info.tags).toContainEqual({ key: 'stage', value: 'dev' });
  });

  it('stores an export of several traces at once: new ones, one widened, one completed by its root', async () => {
    const [widened, completed, fresh] = [hex(16), hex(16), hex(16)];
    const [widenedRoot, completedRoot] = [hex(8), hex(8)];
    const at = BigInt(Date.now()) * 1_000_000n;
    const span = (traceId: string, name: string, from: number, to: number, extra: Partial<TestSpan> = {}) => ({
      traceId,
      spanId: hex(8),
      name,
      startNs: at + BigInt(from) * 1_000_000n,
      endNs: at + BigInt(to) * 1_000_000n,
      attributes: {},
      ...extra,
    });
    const first = await otlp('alice', aliceExp, [
      span(widened, 'widened', 10, 20, { spanId: widenedRoot }),
      span(completed, 'child', 10, 20, { parentSpanId: completedRoot }),
    ]);
    expect(first.status).toBe(200);
    const second = await otlp('alice', aliceExp, [
      span(fresh, 'fresh', 0, 5, { attributes: { 'mlflow.trace.metadata.llmops.modelVersion': 'news/1' } }),
      span(widened, 'late child', 0, 30, { parentSpanId: widenedRoot }),
      span(completed, 'completed', 5, 40, { spanId: completedRoot, error: true }),
    ]);
    expect(second.status).toBe(200);
    const got = await ok(
      'alice',
      'GET',
      `${ML3}/traces/batchGet?trace_ids=tr-${widened}&trace_ids=tr-${completed}&trace_ids=tr-${fresh}`,
    );
    const byId = new Map(got.traces.map((t: { trace_info: { trace_id: string } }) => [t.trace_info.trace_id, t]));
    const trace = (id: string) => byId.get(`tr-${id}`) as { trace_info: Record<string, unknown>; spans: unknown[] };
    expect(trace(widened).spans).toHaveLength(2);
    expect(trace(widened).trace_info).toMatchObject({
      state: 'OK',
      request_time: new Date(Number(at / 1_000_000n)).toISOString(),
      execution_duration: '0.03s',
      tags: expect.objectContaining({ 'mlflow.traceName': 'widened', 'mlflow.trace.spansLocation': 'TRACKING_STORE' }),
    });
    expect(trace(completed).spans).toHaveLength(2);
    expect(trace(completed).trace_info).toMatchObject({
      state: 'ERROR',
      execution_duration: '0.035s',
      tags: expect.objectContaining({ 'mlflow.traceName': 'completed' }),
    });
    expect(trace(fresh).trace_info).toMatchObject({
      state: 'OK',
      trace_metadata: { 'llmops.modelVersion': 'news/1' },
      tags: expect.objectContaining({ 'mlflow.traceName': 'fresh', 'mlflow.trace.spansLocation': 'TRACKING_STORE' }),
    });
  });

  it('refuses an export whole when one of its traces is of another experiment', async () => {
    const [mine, widenedRoot] = [hex(16), hex(8)];
    const existing = await otlp('bob', bobExp, [
      { traceId: mine, spanId: widenedRoot, name: 'root', startNs: now, endNs: now + 1n, attributes: {} },
    ]);
    expect(existing.status).toBe(200);
    const fresh = hex(16);
    const mixed = await otlp('bob', bobExp, [
      { traceId: fresh, spanId: hex(8), name: 'fresh', startNs: now, endNs: now + 1n, attributes: {} },
      { traceId: mine, spanId: hex(8), parentSpanId: widenedRoot, name: 'c', startNs: 0n, endNs: 1n, attributes: {} },
      { traceId: otelTrace, spanId: hex(8), name: 'hijack', startNs: 1n, endNs: 2n, error: true, attributes: {} },
    ]);
    expect(mixed.status).toBe(400);
    expect((await world.req('GET', `${ML3}/traces/tr-${fresh}`, world.as('bob'))).status).toBe(404);
    const kept = await ok('bob', 'GET', `${ML3}/traces/get?trace_id=tr-${mine}`);
    expect(kept.trace.spans).toHaveLength(1);
    expect(kept.trace.trace_info.request_time).toBe(new Date(Number(now / 1_000_000n)).toISOString());
  });

  it('takes concurrent exports of the same traces in different orders (each service exports its own spans)', async () => {
    const traces = Array.from({ length: 100 }, () => hex(16));
    const exports = Array.from({ length: 8 }, (_, e) => {
      const order = e % 2 === 0 ? traces : [...traces].reverse();
      return order.map((traceId, i) => ({
        traceId,
        spanId: hex(8),
        name: `export-${e}-${i}`,
        startNs: now,
        endNs: now + BigInt(e + 1) * 1_000_000n,
        attributes: { 'mlflow.trace.metadata.llmops.export': String(e) },
      }));
    });
    const answers = await Promise.all(exports.map((spans) => otlp('alice', aliceExp, spans)));
    expect(answers.map((a) => a.status)).toEqual(exports.map(() => 200));
    const got = await ok('alice', 'GET', `${ML3}/traces/batchGet?${traces.map((t) => `trace_ids=tr-${t}`).join('&')}`);
    expect(got.traces).toHaveLength(100);
    for (const trace of got.traces) {
      expect(trace.spans).toHaveLength(8);
      expect(trace.trace_info.execution_duration).toBe('0.008s');
    }
    await ok('alice', 'POST', `${ML}/traces/delete-traces`, {
      experiment_id: aliceExp,
      request_ids: traces.map((t) => `tr-${t}`),
    });
  });

  it('stores a span sent twice in one export once, as its last copy, with its child', async () => {
    const [trace, root, child] = [hex(16), hex(8), hex(8)];
    // Now, not in the past: another test deletes this experiment's old traces by age.
    const start = BigInt(Date.now()) * 1_000_000n;
    const span = (spanId: string, name: string, parentSpanId?: string) => ({
      traceId: trace,
      spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      name,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 100_000_000n).toString(),
      status: { code: 1 },
    });
    const sent = await world.req(
      'POST',
      '/v1/traces',
      world.as('alice'),
      {
        resourceSpans: [
          { scopeSpans: [{ spans: [span(root, 'first'), span(child, 'child', root), span(root, 'last')] }] },
        ],
      },
      { 'x-mlflow-experiment-id': aliceExp },
    );
    expect(sent.status).toBe(200);
    const full = await ok('alice', 'GET', `${ML3}/traces/get?trace_id=tr-${trace}`);
    expect(full.trace.spans.map((s: { name: string }) => s.name).sort()).toEqual(['child', 'last']);
  });

  it('accepts OTLP/JSON and deletes traces by ids and by age within the experiment named', async () => {
    const t1 = hex(16);
    const json = await world.req(
      'POST',
      '/v1/traces',
      world.as('alice'),
      {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'inference' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: t1,
                    spanId: hex(8),
                    name: 'summarize',
                    startTimeUnixNano: '1600000000000000000',
                    endTimeUnixNano: '1600000000100000000',
                    attributes: [
                      { key: 'tokens', value: { intValue: '42' } },
                      { key: 'mlflow.trace.metadata.llmops.modelVersion', value: { stringValue: 'news-summarizer/3' } },
                    ],
                    status: { code: 1 },
                  },
                ],
              },
            ],
          },
        ],
      },
      { 'x-mlflow-experiment-id': aliceExp },
    );
    expect(json.status).toBe(200);
    expect(json.body).toEqual({});
    const info = await ok('alice', 'GET', `${ML3}/traces/tr-${t1}`);
    expect(info.trace.trace_info).toMatchObject({
      state: 'OK',
      request_time: '2020-09-13T12:26:40.000Z',
      execution_duration: '0.1s',
    });
    // The model version its spans named is searchable.
    const byVersion = await ok('alice', 'POST', `${ML3}/traces/search`, {
      locations: [{ mlflow_experiment: { experiment_id: aliceExp } }],
      filter: "request_metadata.`llmops.modelVersion` = 'news-summarizer/3'",
    });
    expect(byVersion.traces.map((t: { trace_id: string }) => t.trace_id)).toEqual([`tr-${t1}`]);
    // Bob names alice's trace in a delete of his own experiment: nothing of alice's goes.
    expect(
      (await ok('bob', 'POST', `${ML}/traces/delete-traces`, { experiment_id: bobExp, request_ids: [`tr-${t1}`] }))
        .traces_deleted,
    ).toBe(0);
    expect(
      (
        await ok('alice', 'POST', `${ML}/traces/delete-traces`, {
          experiment_id: aliceExp,
          max_timestamp_millis: 1_600_000_000_000,
        })
      ).traces_deleted,
    ).toBe(1);
    expect((await world.req('GET', `${ML3}/traces/tr-${t1}`, world.as('alice'))).status).toBe(404);
    const both = await world.req('POST', `${ML}/traces/delete-traces`, world.as('alice'), {
      experiment_id: aliceExp,
      max_timestamp_millis: 1,
      request_ids: [traceId],
    });
    expect(both.status).toBe(400);
  });

  it("refuses another developer alice's traces every way, and a trace id of hers in his own experiment", async () => {
    const status = async (method: string, path: string, body?: unknown, extra?: Record<string, string>) =>
      (await world.req(method, path, world.as('bob'), body, extra)).status;
    expect(await status('GET', `${ML3}/traces/${traceId}`)).toBe(403);
    expect(await status('GET', `${ML3}/traces/get?trace_id=${traceId}`)).toBe(403);
    expect(await status('GET', `${ML3}/traces/batchGet?trace_ids=${traceId}`)).toBe(403);
    expect(await status('GET', `${ML}/traces/${traceId}/info`)).toBe(403);
    expect(
      await status('POST', `${ML3}/traces/search`, { locations: [{ mlflow_experiment: { experiment_id: aliceExp } }] }),
    ).toBe(403);
    expect(await status('GET', `${ML}/traces?experiment_ids=${aliceExp}`)).toBe(403);
    expect(await status('PATCH', `${ML}/traces/${traceId}/tags`, { key: 'k', value: 'v' })).toBe(403);
    expect(await status('DELETE', `${ML}/traces/${traceId}/tags`, { key: 'team' })).toBe(403);
    expect(await status('PATCH', `${ML}/traces/${traceId}`, { timestamp_ms: 1, status: 'ERROR' })).toBe(403);
    expect(
      await status('POST', `${ML3}/traces/${traceId}/assessments`, {
        assessment: { assessment_name: 'x', source: { source_type: 'HUMAN', source_id: 'b' }, feedback: { value: 0 } },
      }),
    ).toBe(403);
    expect(
      await status('POST', `${ML}/traces/delete-traces`, { experiment_id: aliceExp, request_ids: [traceId] }),
    ).toBe(403);
    expect(await status('GET', `${PROXY}/artifacts/${aliceExp}/traces/${traceId}/artifacts/traces.json`)).toBe(403);
    expect(
      await status('PUT', `${PROXY}/artifacts/${aliceExp}/traces/${traceId}/artifacts/traces.json`, Buffer.from('{}'), {
        'content-type': 'application/octet-stream',
      }),
    ).toBe(403);
    // Alice's trace under bob's own experiment, in the proxy path: the trace decides.
    expect(await status('GET', `${PROXY}/artifacts/${bobExp}/traces/${traceId}/artifacts/traces.json`)).toBe(403);
    // Spans into alice's experiment.
    expect(
      (
        await otlp('bob', aliceExp, [
          { traceId: hex(16), spanId: hex(8), name: 'x', startNs: now, endNs: now, attributes: {} },
        ])
      ).status,
    ).toBe(403);
    // Alice's trace id into bob's own experiment: refused, alice's trace unchanged.
    const hijack = await otlp('bob', bobExp, [
      { traceId: otelTrace, spanId: hex(8), name: 'hijack', startNs: 1n, endNs: 2n, error: true, attributes: {} },
    ]);
    expect(hijack.status).toBe(400);
    const restart = await world.req('POST', `${ML3}/traces`, world.as('bob'), {
      trace: {
        trace_info: {
          trace_id: traceId,
          trace_location: { mlflow_experiment: { experiment_id: bobExp } },
          request_time: new Date().toISOString(),
          state: 'ERROR',
        },
      },
    });
    expect(restart.status).toBe(400);
    const mine = await ok('alice', 'GET', `${ML3}/traces/get?trace_id=${traceId}`);
    expect(mine.trace.trace_info.state).toBe('OK');
    expect(mine.trace.trace_info.trace_location.mlflow_experiment.experiment_id).toBe(aliceExp);
    expect(mine.trace.spans.map((s: { name: string }) => s.name)).toEqual(['summarize', 'generate']);
  });

  it('lets a viewer with READ read but not write, and no token nothing', async () => {
    expect((await world.req('GET', `${ML3}/traces/${traceId}`, world.as('val'))).status).toBe(200);
    expect(
      (await world.req('PATCH', `${ML}/traces/${traceId}/tags`, world.as('val'), { key: 'k', value: 'v' })).status,
    ).toBe(403);
    expect(
      (
        await world.req('POST', `${ML3}/traces/${traceId}/assessments`, world.as('val'), {
          assessment: {
            assessment_name: 'x',
            source: { source_type: 'HUMAN', source_id: 'v' },
            feedback: { value: 0 },
          },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await world.req('POST', '/v1/traces', world.as('val'), otlpProtobuf([]), {
          'content-type': 'application/x-protobuf',
          'x-mlflow-experiment-id': aliceExp,
        })
      ).status,
    ).toBe(403);
    expect((await world.req('GET', `${ML3}/traces/${traceId}`)).status).toBe(401);
    expect(
      (
        await world.req('POST', '/v1/traces', undefined, otlpProtobuf([]), {
          'content-type': 'application/x-protobuf',
          'x-mlflow-experiment-id': aliceExp,
        })
      ).status,
    ).toBe(401);
  });

  it('refuses malformed, oversized and misaddressed OTLP bodies and stray ids with clear codes', async () => {
    const post = (body: Buffer | string, headers: Record<string, string>) =>
      world.req('POST', '/v1/traces', world.as('alice'), body, headers);
    const pb = { 'content-type': 'application/x-protobuf', 'x-mlflow-experiment-id': aliceExp };
    const garbage = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), pb);
    expect(garbage.status).toBe(400);
    expect(garbage.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await post(Buffer.alloc(0), pb)).status).toBe(400);
    // A span with a 3-byte trace id.
    const short = Writer.create();
    short
      .uint32(10)
      .fork()
      .uint32(18)
      .fork()
      .uint32(18)
      .fork()
      .uint32(10)
      .bytes(Buffer.from('abc'))
      .uint32(18)
      .bytes(Buffer.alloc(8, 1))
      .uint32(42)
      .string('x')
      .ldelim()
      .ldelim()
      .ldelim();
    expect((await post(Buffer.from(short.finish()), pb)).status).toBe(400);
    const big = await post(Buffer.alloc(4 * 1024 * 1024 + 1, 0x0a), pb);
    expect(big.status).toBe(413);
    expect((await post(otlpProtobuf([]), { 'content-type': 'application/x-protobuf' })).status).toBe(400);
    expect((await post('spans', { ...pb, 'content-type': 'text/plain' })).status).toBe(400);
    expect(
      (
        await post(
          otlpProtobuf([{ traceId: hex(16), spanId: hex(8), name: 'x', startNs: 1n, endNs: 2n, attributes: {} }]),
          { ...pb, 'x-mlflow-experiment-id': '987654321' },
        )
      ).status,
    ).toBe(403);
    // An experiment that does not exist is refused like one the caller may not use (no existence oracle).
    expect((await world.req('GET', `${ML3}/traces/tr-${'0'.repeat(32)}`, world.as('alice'))).status).toBe(404);
    expect((await world.req('GET', `${ML3}/traces/${'x'.repeat(300)}`, world.as('alice'))).status).toBe(404);
    expect(
      (await world.req('GET', `${ML3}/traces/${traceId}/assessments/a-${'0'.repeat(32)}`, world.as('alice'))).status,
    ).toBe(404);
    const badId = await world.req('POST', `${ML3}/traces`, world.as('alice'), {
      trace: { trace_info: { trace_id: '../x', trace_location: { mlflow_experiment: { experiment_id: aliceExp } } } },
    });
    expect(badId.status).toBe(400);
  });
});
