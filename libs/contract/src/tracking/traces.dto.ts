import { IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';
import { OtlpExportTraceServiceRequest } from './otlp.types';

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
}

export interface IngestOtlpResponse {
  /** Spans stored (new or replacing an earlier copy of the same span). */
  accepted: number;
}
