import { AssessmentView, TRACE_TAG_KEYS, TraceInfoView } from '@llmops/contract';
import { ArtifactLocations } from '../artifacts/artifact-locations';
import { Assessment, TraceInfo } from './domain/trace';

/** Protobuf's Timestamp in JSON. */
export function timestampOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** Protobuf's Duration in JSON (`"1.5s"`). */
export function durationOf(ms: number): string {
  return `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
}

export function toTraceInfoView(
  info: TraceInfo,
  assessments: Assessment[],
  locations: ArtifactLocations,
  experimentLocation: string,
): TraceInfoView {
  return {
    trace_id: info.traceId,
    ...(info.clientRequestId !== null ? { client_request_id: info.clientRequestId } : {}),
    trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: info.experimentId } },
    ...(info.requestPreview !== null ? { request_preview: info.requestPreview } : {}),
    ...(info.responsePreview !== null ? { response_preview: info.responsePreview } : {}),
    request_time: timestampOf(info.requestTime),
    ...(info.executionDuration !== null ? { execution_duration: durationOf(info.executionDuration) } : {}),
    state: info.state,
    trace_metadata: info.metadata,
    assessments: assessments.map(toAssessmentView),
    tags: {
      ...info.tags,
      // Where the client reads and writes `traces.json`: through the proxy when artifacts are served.
      [TRACE_TAG_KEYS.artifactLocation]: locations.presentTrace(info, experimentLocation),
    },
  };
}

export function toAssessmentView(a: Assessment): AssessmentView {
  return {
    assessment_id: a.assessmentId,
    assessment_name: a.name,
    trace_id: a.traceId,
    ...(a.spanId !== null ? { span_id: a.spanId } : {}),
    source: { source_type: a.sourceType, source_id: a.sourceId },
    create_time: timestampOf(a.createTime),
    last_update_time: timestampOf(a.lastUpdateTime),
    ...(a.kind === 'feedback' ? { feedback: a.value } : { expectation: a.value }),
    ...(a.rationale !== null ? { rationale: a.rationale } : {}),
    ...(Object.keys(a.metadata).length > 0 ? { metadata: a.metadata } : {}),
    ...(a.overrides !== null ? { overrides: a.overrides } : {}),
    valid: a.valid,
  };
}
