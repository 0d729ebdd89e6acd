import { Comparison, OrderClause } from '../../shared/search/search-filter';
import { Assessment, StoredSpan, TraceInfo } from './trace';

/** The trace fields spans decide when they arrive (MLflow's log_spans). */
export interface SpanBatchSummary {
  traceId: string;
  experimentId: string;
  minStartMs: number;
  /** Null when no span of the batch has ended. */
  maxEndMs: number | null;
  /** OK / ERROR from the root span, when the batch has it. */
  rootState: 'OK' | 'ERROR' | null;
  rootName: string | null;
  requestPreview: string | null;
  responsePreview: string | null;
  /** From the spans' `mlflow.trace.metadata.<key>` attributes (TRACE_METADATA_ATTRIBUTE_PREFIX). */
  metadata: Record<string, string>;
}

/** One trace's part of a span export: its spans, what they say of it, and the info that creates it. */
export interface SpanBatch {
  summary: SpanBatchSummary;
  spans: StoredSpan[];
  /** The trace as these spans create it, when it does not exist yet. */
  info: TraceInfo;
}

export interface TraceSearch {
  experimentIds: string[];
  comparisons: Comparison[];
  orderBy: OrderClause[];
  offset: number;
  limit: number;
}

/**
 * Traces, their spans and assessments (MLflow's trace_info, trace_tags, trace_request_metadata,
 * spans, assessments). Each method is one transaction.
 */
export abstract class TraceRepository {
  /** Inserts the info, or merges it into a trace its spans created (keeps spans and earlier tags). */
  abstract upsertInfo(info: TraceInfo): Promise<void>;
  abstract findInfo(traceId: string): Promise<TraceInfo | null>;
  abstract findInfos(traceIds: string[]): Promise<TraceInfo[]>;
  /**
   * Stores the spans of one export, several traces at once (a span sent again replaces its copy),
   * and widens each trace to cover them; all or nothing (a trace of another experiment refuses it).
   */
  abstract logSpans(batches: SpanBatch[]): Promise<void>;
  abstract spansOf(traceIds: string[]): Promise<StoredSpan[]>;
  abstract countSpans(traceId: string): Promise<number>;
  abstract search(query: TraceSearch): Promise<string[]>;
  abstract delete(
    experimentId: string,
    criteria: { maxTimestampMs?: number; maxTraces?: number; traceIds?: string[] },
  ): Promise<number>;
  /**
   * Retention, across experiments: deletes traces that started before `olderThanMs`, then the
   * oldest beyond the newest `keepNewest` (either may be omitted). Answers how many went.
   */
  abstract prune(criteria: { olderThanMs?: number; keepNewest?: number }): Promise<number>;
  abstract updateInfo(info: TraceInfo): Promise<void>;
  abstract setTag(traceId: string, key: string, value: string): Promise<void>;
  /** False when the trace has no such tag. */
  abstract deleteTag(traceId: string, key: string): Promise<boolean>;
  abstract assessmentsOf(traceIds: string[]): Promise<Assessment[]>;
  abstract findAssessment(traceId: string, assessmentId: string): Promise<Assessment | null>;
  /** Inserts it; marks `overrides` invalid in the same transaction (false when that one is missing). */
  abstract createAssessment(assessment: Assessment): Promise<boolean>;
  abstract updateAssessment(assessment: Assessment): Promise<void>;
  abstract deleteAssessment(traceId: string, assessmentId: string): Promise<boolean>;
}
