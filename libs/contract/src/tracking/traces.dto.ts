import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';
import { OtlpExportTraceServiceRequest, OtlpSpan } from './otlp.types';
import { isPlainObject, IsPlainJsonObject, onlyKeys } from './tracking.validators';

/**
 * Traces (MLflow 3 GenAI tracing): a trace belongs to an experiment and holds spans. Limits the
 * tracking service and the gateway apply to span ingestion.
 */
export const TRACE_LIMITS = {
  /** Spans in one `ingestOtlp` request (the gateway splits bigger exports by trace). */
  maxSpansPerIngest: 1000,
  /** Bytes of an OTLP body at `POST /v1/traces` (protobuf or JSON). */
  maxOtlpBodyBytes: 4 * 1024 * 1024,
} as const;

/**
 * `SUBJECTS.tracking.traces.ingestOtlp`: spans in OTLP/JSON form, stored as MLflow's
 * `log_spans` stores them (a trace per `traceId`, created on its first span; the trace's time
 * range and state follow its spans; the root span's status decides OK/ERROR). Answers
 * `IngestOtlpResponse`. Field names are camelCase like OTLP's own.
 */
export class IngestOtlpRequest {
  /** The experiment the traces belong to (`x-mlflow-experiment-id`); the Default experiment ('0') when absent. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  experimentId?: string;

  /** Checked span by span by the tracking service (ids, times, names); a bad span refuses the request. */
  @IsObject()
  request!: OtlpExportTraceServiceRequest;

  /**
   * The same checks in one step (the validation pipe otherwise copies the whole nested export
   * through class-transformer, which cost more than storing it: every process exports its spans
   * here). Anything else, undefined: the decorators decide and word the error.
   */
  static fastPath(value: unknown): IngestOtlpRequest | undefined {
    if (!isPlainObject(value) || !onlyKeys(value, INGEST_OTLP_KEYS)) return undefined;
    const { experimentId, request } = value;
    if (experimentId !== undefined && (typeof experimentId !== 'string' || experimentId === '')) return undefined;
    if (!isPlainObject(request)) return undefined;
    const out = new IngestOtlpRequest();
    if (experimentId !== undefined) out.experimentId = experimentId;
    out.request = request as OtlpExportTraceServiceRequest;
    return out;
  }
}

const INGEST_OTLP_KEYS = new Set(['experimentId', 'request']);

export interface IngestOtlpResponse {
  /** Spans stored (new or replacing an earlier copy of the same span). */
  accepted: number;
}

/** MLflow's TraceInfoV3.State. */
export const TRACE_STATES = ['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;
export type TraceStateName = (typeof TRACE_STATES)[number];

/** The biggest page of search_traces (MLflow's server allows 500; its client asks for 100). */
export const TRACE_SEARCH_LIMITS = { defaultMaxResults: 100, maxResults: 500, maxBatchGet: 100 } as const;

/** Tag keys MLflow's clients read on a trace. */
export const TRACE_TAG_KEYS = {
  /** Where the client uploads / downloads `traces.json` when spans are not in the tracking store. */
  artifactLocation: 'mlflow.artifactLocation',
  /** `TRACKING_STORE` when the spans are stored in the tracking service (read with batch get). */
  spansLocation: 'mlflow.trace.spansLocation',
  traceName: 'mlflow.traceName',
} as const;

/**
 * A span attribute `mlflow.trace.metadata.<key>` (string value) sent over OTLP becomes the trace's
 * metadata `<key>`: how spans that never go through StartTraceV3 (the platform's own, any
 * OpenTelemetry exporter) say which model served them, e.g. `mlflow.trace.metadata.mlflow.modelId`
 * (searchable as `trace.model_id`) or `mlflow.trace.metadata.llmops.modelVersion`.
 */
export const TRACE_METADATA_ATTRIBUTE_PREFIX = 'mlflow.trace.metadata.';

/** Trace metadata keys the search grammar names directly. */
export const TRACE_METADATA_KEYS = { sourceRun: 'mlflow.sourceRun', modelId: 'mlflow.modelId' } as const;

/**
 * `traces.start` (MLflow's StartTraceV3 and, with no `trace_id`, the 2.x StartTrace): records a
 * trace's info. Times are epoch milliseconds; maps are string to string.
 */
export class StartTraceRequest {
  /** `tr-<32 hex>`; a new one when absent (2.x clients let the server choose). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  trace_id?: string;

  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  request_time_ms!: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  execution_duration_ms?: number;

  @IsOptional()
  @IsIn(TRACE_STATES)
  state?: TraceStateName;

  @IsOptional()
  @IsString()
  client_request_id?: string;

  @IsOptional()
  @IsString()
  request_preview?: string;

  @IsOptional()
  @IsString()
  response_preview?: string;

  @IsOptional()
  @IsPlainJsonObject()
  trace_metadata?: Record<string, string>;

  @IsOptional()
  @IsPlainJsonObject()
  tags?: Record<string, string>;
}

/** `traces.end` (MLflow 2.x EndTrace): the end time, the final state, more metadata and tags. */
export class EndTraceRequest {
  @IsString()
  @IsNotEmpty()
  trace_id!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  timestamp_ms!: number;

  @IsIn(TRACE_STATES)
  state!: TraceStateName;

  @IsOptional()
  @IsPlainJsonObject()
  trace_metadata?: Record<string, string>;

  @IsOptional()
  @IsPlainJsonObject()
  tags?: Record<string, string>;
}

export class TraceIdRequest {
  @IsString()
  @IsNotEmpty()
  trace_id!: string;
}

/** `traces.data.get` (MLflow's GetTrace and BatchGetTraces): traces with their spans. */
export class GetTracesRequest {
  @IsArray()
  @ArrayMaxSize(TRACE_SEARCH_LIMITS.maxBatchGet)
  @IsString({ each: true })
  trace_ids!: string[];

  /** Also answer traces whose spans are not (all) there yet (GetTrace's allow_partial). */
  @IsOptional()
  @IsBoolean()
  allow_partial?: boolean;
}

export class SearchTracesRequest {
  /** Every experiment the dashboard lists (it searches them all when none is picked). */
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  experiment_ids!: string[];

  @IsOptional()
  @IsString()
  filter?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACE_SEARCH_LIMITS.maxResults)
  max_results?: number;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  order_by?: string[];

  @IsOptional()
  @IsString()
  page_token?: string;
}

/** MLflow's DeleteTraces: by age (`max_timestamp_millis`, optionally at most `max_traces`) or by ids. */
export class DeleteTracesRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  max_timestamp_millis?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  max_traces?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TRACE_SEARCH_LIMITS.maxBatchGet)
  @IsString({ each: true })
  trace_ids?: string[];
}

export class SetTraceTagRequest extends TraceIdRequest {
  @IsString()
  @IsNotEmpty()
  key!: string;

  @IsString()
  value!: string;
}

export class DeleteTraceTagRequest extends TraceIdRequest {
  @IsString()
  @IsNotEmpty()
  key!: string;
}

/** MLflow's `assessments.proto` Assessment as JSON (feedback or expectation on a trace or span). */
export interface AssessmentView {
  assessment_id: string;
  assessment_name: string;
  trace_id: string;
  span_id?: string;
  source: { source_type: 'SOURCE_TYPE_UNSPECIFIED' | 'HUMAN' | 'LLM_JUDGE' | 'CODE'; source_id: string };
  /** RFC 3339, as protobuf's Timestamp in JSON. */
  create_time: string;
  last_update_time: string;
  feedback?: { value?: unknown; error?: AssessmentErrorView };
  expectation?: { value?: unknown; serialized_value?: { serialization_format?: string; value?: string } };
  rationale?: string;
  metadata?: Record<string, string>;
  overrides?: string;
  valid: boolean;
}

export interface AssessmentErrorView {
  error_code?: string;
  error_message?: string;
  stack_trace?: string;
}

/** `traces.assessments.create`: `assessment` as MLflow's CreateAssessment carries it (checked by the service). */
export class CreateAssessmentRequest extends TraceIdRequest {
  @IsPlainJsonObject()
  assessment!: Record<string, unknown>;
}

export class AssessmentIdRequest extends TraceIdRequest {
  @IsString()
  @IsNotEmpty()
  assessment_id!: string;
}

/** `traces.assessments.update`: the fields named by `update_mask` are taken from `assessment`. */
export class UpdateAssessmentRequest extends AssessmentIdRequest {
  @IsPlainJsonObject()
  assessment!: Record<string, unknown>;

  @IsArray()
  @IsIn(['assessment_name', 'expectation', 'feedback', 'rationale', 'metadata', 'valid'], { each: true })
  update_mask!: string[];
}

/** MLflow's TraceInfoV3 as JSON (protobuf's JSON mapping with proto field names). */
export interface TraceInfoView {
  trace_id: string;
  client_request_id?: string;
  trace_location: { type: 'MLFLOW_EXPERIMENT'; mlflow_experiment: { experiment_id: string } };
  request_preview?: string;
  response_preview?: string;
  /** RFC 3339 (protobuf Timestamp). */
  request_time: string;
  /** Seconds with an `s` suffix (protobuf Duration), absent while in progress. */
  execution_duration?: string;
  state: TraceStateName;
  trace_metadata: Record<string, string>;
  assessments: AssessmentView[];
  tags: Record<string, string>;
}

/** A trace with its spans as stored (OTLP/JSON; the gateway writes them as MLflow answers them). */
export interface TraceView {
  trace_info: TraceInfoView;
  spans: OtlpSpan[];
}

export interface TraceInfoResponse {
  trace_info: TraceInfoView;
}

export interface GetTracesResponse {
  traces: TraceView[];
}

export interface SearchTracesResponse {
  traces: TraceInfoView[];
  next_page_token?: string;
}

export interface DeleteTracesResponse {
  traces_deleted: number;
}

export interface AssessmentResponse {
  assessment: AssessmentView;
}
