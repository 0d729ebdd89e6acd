import { OtlpSpan } from '@llmops/contract';
import { rejectionOf } from '@llmops/messaging';
import { DeleteExperimentHandler } from '../experiments/delete-experiment/delete-experiment.handler';
import { InMemoryTraceRepository } from '../testing/in-memory-trace.repository';
import { trackingFixture } from '../testing/tracking-fixture';
import { AssessmentsHandler } from './assessments/assessments.handler';
import { DeleteTracesHandler } from './delete-traces/delete-traces.handler';
import { parseTraceData, spansOfTraceData } from './get-traces/trace-data';
import { IngestOtlpHandler } from './ingest-otlp/ingest-otlp.handler';
import { StartTraceHandler } from './start-trace/start-trace.handler';

const T = 'ab'.repeat(16);
const ROOT = '11'.repeat(8);
const CHILD = '22'.repeat(8);
const MS = 1_000_000n;
const at = (ms: number) => (BigInt(ms) * MS).toString();

function span(over: Partial<OtlpSpan> & { spanId: string }): OtlpSpan {
  return {
    traceId: T,
    name: 's',
    startTimeUnixNano: at(1000),
    endTimeUnixNano: at(1100),
    status: { code: 1 },
    ...over,
  };
}
const request = (...spans: OtlpSpan[]) => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

async function setup() {
  const f = trackingFixture();
  const traces = new InMemoryTraceRepository();
  const experiment = await f.createExperiment.execute({ name: 'genai' });
  const other = await f.createExperiment.execute({ name: 'other' });
  return {
    ...f,
    traces,
    experiment,
    other,
    ingest: new IngestOtlpHandler(f.store, traces),
    start: new StartTraceHandler(f.store, traces),
    assessments: new AssessmentsHandler(traces, f.clock),
    deleteTraces: new DeleteTracesHandler(f.store, traces),
  };
}

describe('trace use cases', () => {
  it('makes a trace of OTLP spans as MLflow log_spans: time range, root state, previews, name', async () => {
    const s = await setup();
    // The child first: the trace is in progress until its root arrives.
    expect(
      await s.ingest.execute(
        request(span({ spanId: CHILD, parentSpanId: ROOT, startTimeUnixNano: at(1010), endTimeUnixNano: at(1090) })),
        s.experiment.id,
      ),
    ).toBe(1);
    expect(await s.traces.findInfo(`tr-${T}`)).toMatchObject({ state: 'IN_PROGRESS', requestTime: 1010 });
    await s.ingest.execute(
      request(
        span({
          spanId: ROOT,
          name: 'summarize',
          status: { code: 2, message: 'boom' },
          attributes: [
            { key: 'mlflow.spanInputs', value: { stringValue: '{"article": "x"}' } },
            { key: 'mlflow.spanOutputs', value: { kvlistValue: { values: [{ key: 'a', value: { intValue: 1 } }] } } },
            // Which model served it, for spans that never go through StartTraceV3.
            { key: 'mlflow.trace.metadata.mlflow.modelId', value: { stringValue: 'm-0123' } },
            { key: 'mlflow.trace.metadata.llmops.modelVersion', value: { stringValue: '"news-summarizer/3"' } },
          ],
        }),
      ),
      s.experiment.id,
    );
    expect(await s.traces.findInfo(`tr-${T}`)).toMatchObject({
      experimentId: s.experiment.id,
      requestTime: 1000,
      executionDuration: 100,
      state: 'ERROR',
    });
    expect(s.traces.spans.size).toBe(2);
    expect((await s.traces.findInfo(`tr-${T}`))?.metadata).toEqual({
      'mlflow.modelId': 'm-0123',
      'llmops.modelVersion': 'news-summarizer/3',
    });
    const [fresh] = [...s.traces.infos.values()];
    expect(fresh.tags['mlflow.trace.spansLocation']).toBe('TRACKING_STORE');
  });

  it('refuses bad spans whole, a trace of another experiment, and a deleted experiment', async () => {
    const s = await setup();
    const bad = await rejectionOf(
      s.ingest.execute(request(span({ spanId: ROOT }), span({ spanId: 'xyz' })), s.experiment.id),
    );
    expect(bad.code).toBe('INVALID_PARAMETER_VALUE');
    expect(bad.message).toContain('spans[1]');
    expect(s.traces.infos.size).toBe(0);
    for (const broken of [
      { traceId: '0'.repeat(32) },
      { startTimeUnixNano: '-1' },
      { endTimeUnixNano: '1e9' },
      { status: { code: 7 as never } },
      { parentSpanId: 'nothex' },
    ]) {
      expect(
        (await rejectionOf(s.ingest.execute(request(span({ spanId: ROOT, ...broken })), s.experiment.id))).code,
      ).toBe('INVALID_PARAMETER_VALUE');
    }
    await s.ingest.execute(request(span({ spanId: ROOT })), s.experiment.id);
    const moved = await rejectionOf(s.ingest.execute(request(span({ spanId: CHILD })), s.other.id));
    expect(moved.code).toBe('INVALID_PARAMETER_VALUE');
    expect(s.traces.spans.size).toBe(1);
    await new DeleteExperimentHandler(s.store, s.clock).delete(s.other.id);
    const deleted = await rejectionOf(
      s.ingest.execute(request(span({ spanId: ROOT, traceId: 'cd'.repeat(16) })), s.other.id),
    );
    expect(deleted.code).toBe('INVALID_STATE');
    expect((await rejectionOf(s.ingest.execute(request(span({ spanId: ROOT })), '404'))).code).toBe(
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('starts a trace: TRACKING_STORE only when its spans are stored, the artifact location never from the client', async () => {
    const s = await setup();
    const fresh = await s.start.start({
      trace_id: `tr-${'cd'.repeat(16)}`,
      experiment_id: s.experiment.id,
      request_time_ms: 5,
      execution_duration_ms: 7,
      state: 'OK',
      tags: { 'mlflow.artifactLocation': 'file:///etc', 'mlflow.trace.spansLocation': 'TRACKING_STORE', team: 'news' },
    });
    expect(fresh.tags).toEqual({ team: 'news' });
    await s.ingest.execute(request(span({ spanId: ROOT })), s.experiment.id);
    const completed = await s.start.start({
      trace_id: `tr-${T}`,
      experiment_id: s.experiment.id,
      request_time_ms: 1000,
      execution_duration_ms: 100,
      state: 'OK',
      trace_metadata: { 'mlflow.modelId': 'm-1' },
    });
    expect(completed.tags['mlflow.trace.spansLocation']).toBe('TRACKING_STORE');
    expect(completed.metadata).toEqual({ 'mlflow.modelId': 'm-1' });
    const foreign = await rejectionOf(
      s.start.start({ trace_id: `tr-${T}`, experiment_id: s.other.id, request_time_ms: 1 }),
    );
    expect(foreign.code).toBe('INVALID_PARAMETER_VALUE');
    expect(
      (await rejectionOf(s.start.start({ trace_id: 'tr-../x', experiment_id: s.experiment.id, request_time_ms: 1 })))
        .code,
    ).toBe('INVALID_PARAMETER_VALUE');
    const v2 = await s.start.start({ experiment_id: s.experiment.id, request_time_ms: 10 });
    expect(v2.traceId).toMatch(/^tr-[0-9a-f]{32}$/);
    expect(v2.state).toBe('IN_PROGRESS');
    const ended = await s.start.end({ trace_id: v2.traceId, timestamp_ms: 35, state: 'OK', tags: { a: 'b' } });
    expect(ended).toMatchObject({ executionDuration: 25, state: 'OK', tags: { a: 'b' } });
  });

  it('keeps assessments: overrides invalidate, deleting the override restores, kinds do not change', async () => {
    const s = await setup();
    await s.ingest.execute(request(span({ spanId: ROOT })), s.experiment.id);
    const trace_id = `tr-${T}`;
    const first = await s.assessments.create({
      trace_id,
      assessment: {
        assessment_name: 'quality',
        source: { source_type: 'HUMAN', source_id: 'r' },
        feedback: { value: 3 },
      },
    });
    const second = await s.assessments.create({
      trace_id,
      assessment: {
        assessment_name: 'quality',
        source: { source_type: 'HUMAN', source_id: 'lead' },
        feedback: { value: 5 },
        overrides: first.assessmentId,
      },
    });
    expect((await s.assessments.get(trace_id, first.assessmentId)).valid).toBe(false);
    const kind = await rejectionOf(
      s.assessments.update({
        trace_id,
        assessment_id: second.assessmentId,
        assessment: { expectation: { value: 'x' } },
        update_mask: ['expectation'],
      }),
    );
    expect(kind.code).toBe('INVALID_PARAMETER_VALUE');
    await s.assessments.delete(trace_id, second.assessmentId);
    expect((await s.assessments.get(trace_id, first.assessmentId)).valid).toBe(true);
    for (const assessment of [
      { assessment_name: 'q', source: { source_type: 'HUMAN', source_id: 'r' } },
      { assessment_name: 'q', source: { source_type: 'ROBOT', source_id: 'r' }, feedback: { value: 1 } },
      { assessment_name: 'q', source: { source_type: 'HUMAN', source_id: 'r' }, feedback: { value: 1, extra: 2 } },
      {
        assessment_name: 'q',
        source: { source_type: 'HUMAN', source_id: 'r' },
        feedback: { value: 'x'.repeat(70_000) },
      },
      { source: { source_type: 'HUMAN', source_id: 'r' }, feedback: { value: 1 } },
    ]) {
      expect((await rejectionOf(s.assessments.create({ trace_id, assessment }))).code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(
      (
        await rejectionOf(
          s.assessments.create({
            trace_id,
            assessment: {
              assessment_name: 'q',
              source: { source_type: 'HUMAN', source_id: 'r' },
              feedback: { value: 1 },
              overrides: 'a-nope',
            },
          }),
        )
      ).code,
    ).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await rejectionOf(s.assessments.get(`tr-${'ef'.repeat(16)}`, first.assessmentId))).code).toBe(
      'RESOURCE_DOES_NOT_EXIST',
    );
  });

  it('deletes by age or by ids, never both, within the experiment', async () => {
    const s = await setup();
    await s.ingest.execute(request(span({ spanId: ROOT })), s.experiment.id);
    const both = await rejectionOf(
      s.deleteTraces.execute({ experiment_id: s.experiment.id, max_timestamp_millis: 1, trace_ids: [`tr-${T}`] }),
    );
    expect(both.code).toBe('INVALID_PARAMETER_VALUE');
    expect((await rejectionOf(s.deleteTraces.execute({ experiment_id: s.experiment.id }))).code).toBe(
      'INVALID_PARAMETER_VALUE',
    );
    expect(await s.deleteTraces.execute({ experiment_id: s.other.id, trace_ids: [`tr-${T}`] })).toBe(0);
    expect(await s.deleteTraces.execute({ experiment_id: s.experiment.id, max_timestamp_millis: 999 })).toBe(0);
    expect(await s.deleteTraces.execute({ experiment_id: s.experiment.id, max_timestamp_millis: 1000 })).toBe(1);
  });

  it("reads MLflow's traces.json spans (base64 ids, JSON-text attributes) into stored spans", () => {
    const spans = spansOfTraceData(
      {
        spans: [
          {
            trace_id: Buffer.from(T, 'hex').toString('base64'),
            span_id: Buffer.from(ROOT, 'hex').toString('base64'),
            parent_span_id: null,
            name: 'predict',
            start_time_unix_nano: 1,
            end_time_unix_nano: 2,
            status: { code: 'STATUS_CODE_ERROR', message: 'x' },
            attributes: { 'mlflow.spanType': '"LLM"' },
            events: [{ name: 'e', time_unix_nano: 3, attributes: { n: 1 } }],
          },
          { name: 'no id' },
        ],
      },
      `tr-${T}`,
    );
    expect(spans).toEqual([
      {
        traceId: T,
        spanId: ROOT,
        name: 'predict',
        startTimeUnixNano: '1',
        endTimeUnixNano: '2',
        attributes: [{ key: 'mlflow.spanType', value: { stringValue: '"LLM"' } }],
        events: [{ name: 'e', timeUnixNano: '3', attributes: [{ key: 'n', value: { intValue: '1' } }] }],
        status: { code: 2, message: 'x' },
      },
    ]);
    expect(spansOfTraceData('not json data', `tr-${T}`)).toEqual([]);
    // MLflow 2.x's format, with nanoseconds beyond 2^53 kept exact.
    const v2 = spansOfTraceData(
      parseTraceData(
        `{"spans": [{"name": "p", "context": {"span_id": "0x${ROOT}", "trace_id": "0x${T}"}, "parent_id": "0x${CHILD}",` +
          ` "start_time": 1733356800000000001, "end_time": 1733356800250000003, "status_code": "ERROR",` +
          ` "status_message": "bad", "attributes": {"a": "\\"start_time\\": 5"}, "events": [{"name": "e", "timestamp": 7, "attributes": {}}]}]}`,
      ),
      `tr-${T}`,
    );
    expect(v2).toEqual([
      {
        traceId: T,
        spanId: ROOT,
        parentSpanId: CHILD,
        name: 'p',
        startTimeUnixNano: '1733356800000000001',
        endTimeUnixNano: '1733356800250000003',
        attributes: [{ key: 'a', value: { stringValue: '"start_time": 5' } }],
        events: [{ name: 'e', timeUnixNano: '7000', attributes: [] }],
        status: { code: 2, message: 'bad' },
      },
    ]);
  });
});
