import { Injectable } from '@nestjs/common';
import { DEFAULT_EXPERIMENT_ID, OtlpExportTraceServiceRequest, TRACE_TAG_KEYS } from '@llmops/contract';
import { TrackingStore } from '../../store/tracking-store';
import { StoredSpan, TraceInfo } from '../domain/trace';
import { SpanBatch, TraceRepository } from '../domain/trace.repository';
import { spansOfRequest, summarise, toStoredSpan } from '../otlp-spans';
import { requireActiveExperiment } from '../trace-lookup';

/**
 * OTLP spans into traces, as MLflow's `log_spans` stores them: spans grouped by trace; a trace is
 * created by its first span (in the experiment given), its time range widened by later ones, and
 * its state set by the root span. A trace of another experiment is refused, not moved.
 */
@Injectable()
export class IngestOtlpHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly traces: TraceRepository,
  ) {}

  async execute(request: OtlpExportTraceServiceRequest, experimentId = DEFAULT_EXPERIMENT_ID): Promise<number> {
    const spans = spansOfRequest(request).map(toStoredSpan);
    if (spans.length === 0) return 0;
    const experiment = await requireActiveExperiment(this.store, experimentId);
    const byTrace = new Map<string, StoredSpan[]>();
    for (const span of spans) {
      const group = byTrace.get(span.traceId);
      if (group) group.push(span);
      else byTrace.set(span.traceId, [span]);
    }
    const batches: SpanBatch[] = [];
    for (const [traceId, group] of byTrace) {
      const summary = summarise(experiment.id, group);
      const info: TraceInfo = {
        traceId,
        experimentId: experiment.id,
        requestTime: summary.minStartMs,
        executionDuration: summary.maxEndMs === null ? null : summary.maxEndMs - summary.minStartMs,
        state: summary.rootState ?? 'IN_PROGRESS',
        clientRequestId: null,
        requestPreview: summary.requestPreview,
        responsePreview: summary.responsePreview,
        tags: {
          [TRACE_TAG_KEYS.spansLocation]: 'TRACKING_STORE',
          ...(summary.rootName !== null ? { [TRACE_TAG_KEYS.traceName]: summary.rootName.slice(0, 8000) } : {}),
        },
        metadata: summary.metadata,
      };
      batches.push({ summary, spans: group, info });
    }
    // One transaction for the export: the services export the spans of hundreds of requests at once.
    await this.traces.logSpans(batches);
    return spans.length;
  }
}
