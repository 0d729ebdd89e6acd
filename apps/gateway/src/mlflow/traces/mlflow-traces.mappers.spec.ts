import { TraceInfoView } from '@llmops/contract';
import { durationMs, mlflowTraceRequest, spanProtoJson, timestampMs, traceInfoV2 } from './mlflow-traces.mappers';

describe('MLflow trace mappers', () => {
  it("reads StartTraceV3's protobuf JSON (Timestamp, Duration, location) into the contract", () => {
    expect(
      mlflowTraceRequest.startV3({
        trace: {
          trace_info: {
            trace_id: 'tr-1',
            trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '7' } },
            request_time: '2025-01-02T03:04:05.678Z',
            execution_duration: '1.25s',
            state: 'OK',
            request_preview: '{"q": 1}',
            trace_metadata: { a: 'b' },
            tags: { t: 'v' },
            assessments: [],
          },
          spans: [],
        },
      }),
    ).toEqual({
      trace_id: 'tr-1',
      experiment_id: '7',
      request_time_ms: Date.parse('2025-01-02T03:04:05.678Z'),
      execution_duration_ms: 1250,
      state: 'OK',
      request_preview: '{"q": 1}',
      trace_metadata: { a: 'b' },
      tags: { t: 'v' },
    });
    expect(() => mlflowTraceRequest.startV3({})).toThrow(/trace/);
    expect(() => timestampMs('yesterday', 'request_time')).toThrow(/RFC 3339/);
    expect(() => durationMs('5 minutes', 'execution_duration')).toThrow(/seconds/);
  });

  it("reads 2.x key/value lists, status names and UpdateAssessment's field mask", () => {
    expect(
      mlflowTraceRequest.endV2('tr-2', {
        timestamp_ms: 5,
        status: 'TRACE_STATUS_UNSPECIFIED',
        tags: [{ key: 'k', value: 'v' }],
      }),
    ).toEqual({ trace_id: 'tr-2', timestamp_ms: 5, state: 'STATE_UNSPECIFIED', tags: { k: 'v' } });
    expect(
      mlflowTraceRequest.updateAssessment('tr', 'a', { assessment: {}, update_mask: 'feedback,rationale' }).update_mask,
    ).toEqual(['feedback', 'rationale']);
    expect(mlflowTraceRequest.delete({ experiment_id: '1', request_ids: ['tr-x'] })).toEqual({
      experiment_id: '1',
      trace_ids: ['tr-x'],
    });
  });

  it('answers spans as OpenTelemetry protobuf JSON and 2.x infos from 3.x ones', () => {
    expect(
      spanProtoJson({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        parentSpanId: '00f067aa0ba902b7',
        name: 'n',
        kind: 3,
        startTimeUnixNano: '1',
        endTimeUnixNano: 2,
        attributes: [{ key: 'k', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: 3 } }] } } }],
        status: { code: 2, message: 'm' },
      }),
    ).toEqual({
      trace_id: 'CvdlGRbNQ92ESOshHIAxnA==',
      span_id: 't61rcWkgMzE=',
      parent_span_id: 'APBnqgupArc=',
      name: 'n',
      kind: 'SPAN_KIND_CLIENT',
      start_time_unix_nano: '1',
      end_time_unix_nano: '2',
      attributes: [{ key: 'k', value: { kvlist_value: { values: [{ key: 'x', value: { int_value: '3' } }] } } }],
      events: [],
      status: { code: 'STATUS_CODE_ERROR', message: 'm' },
    });
    const info: TraceInfoView = {
      trace_id: 'tr-3',
      trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: '4' } },
      request_time: '1970-01-01T00:00:01.000Z',
      execution_duration: '0.5s',
      state: 'STATE_UNSPECIFIED',
      trace_metadata: { m: '1' },
      assessments: [],
      tags: { t: '2' },
    };
    expect(traceInfoV2(info)).toEqual({
      request_id: 'tr-3',
      experiment_id: '4',
      timestamp_ms: 1000,
      execution_time_ms: 500,
      status: 'TRACE_STATUS_UNSPECIFIED',
      request_metadata: [{ key: 'm', value: '1' }],
      tags: [{ key: 't', value: '2' }],
    });
  });
});
