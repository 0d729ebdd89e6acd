import { OtlpSpan, TraceStateName } from '@llmops/contract';

/** `tr-` and the OpenTelemetry trace id in hex, as MLflow names traces. */
export const TRACE_ID = /^tr-[0-9a-f]{32}$/;
/** MLflow's assessment ids: `a-` and a uuid's hex. */
export const ASSESSMENT_ID = /^a-[0-9a-f]{32}$/;

export function traceIdOfOtel(otelTraceIdHex: string): string {
  return `tr-${otelTraceIdHex.toLowerCase()}`;
}

/** A trace's info, as the tracking service keeps it. */
export interface TraceInfo {
  traceId: string;
  experimentId: string;
  /** Epoch ms of the first span (or as the client said). */
  requestTime: number;
  /** Null while in progress. */
  executionDuration: number | null;
  state: TraceStateName;
  clientRequestId: string | null;
  requestPreview: string | null;
  responsePreview: string | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
}

/** One span, stored as received (OTLP/JSON with hex ids), with the columns searches and order need. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** `mlflow.spanType` when the span has one. */
  spanType: string | null;
  statusCode: number;
  startTimeNs: bigint;
  endTimeNs: bigint | null;
  span: OtlpSpan;
}

export type AssessmentSourceType = 'SOURCE_TYPE_UNSPECIFIED' | 'HUMAN' | 'LLM_JUDGE' | 'CODE';

/** Feedback (a rating, a judge's verdict) or an expectation (the reference answer) on a trace. */
export interface Assessment {
  assessmentId: string;
  traceId: string;
  name: string;
  spanId: string | null;
  sourceType: AssessmentSourceType;
  sourceId: string;
  createTime: number;
  lastUpdateTime: number;
  kind: 'feedback' | 'expectation';
  /** The feedback or expectation message as MLflow sends it (`{value, error}` / `{value | serialized_value}`). */
  value: Record<string, unknown>;
  rationale: string | null;
  metadata: Record<string, string>;
  overrides: string | null;
  valid: boolean;
}
