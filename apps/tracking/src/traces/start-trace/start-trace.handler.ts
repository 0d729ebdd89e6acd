import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EndTraceRequest, InvalidParameterError, StartTraceRequest, TRACE_TAG_KEYS } from '@llmops/contract';
import { TrackingStore } from '../../store/tracking-store';
import { TRACE_ID, TraceInfo, traceIdOfOtel } from '../domain/trace';
import { TraceRepository } from '../domain/trace.repository';
import { checkedMap, requireActiveExperiment, requireTrace } from '../trace-lookup';

/**
 * MLflow's StartTraceV3 (called when a trace ends, with its whole info) and the 2.x StartTrace /
 * EndTrace pair. Spans the trace already has (sent over OTLP first, as MLflow 3.4+ clients do)
 * are kept; the info says `TRACKING_STORE` then, and the client does not upload `traces.json`.
 */
@Injectable()
export class StartTraceHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly traces: TraceRepository,
  ) {}

  async start(request: StartTraceRequest): Promise<TraceInfo> {
    const experiment = await requireActiveExperiment(this.store, request.experiment_id);
    const traceId = request.trace_id ?? traceIdOfOtel(randomBytes(16).toString('hex'));
    if (!TRACE_ID.test(traceId)) {
      throw new InvalidParameterError(`Invalid trace_id '${traceId.slice(0, 60)}': expected tr-<32 hex characters>`);
    }
    const existing = await this.traces.findInfo(traceId);
    if (existing && existing.experimentId !== experiment.id) {
      throw new InvalidParameterError(`Trace '${traceId}' belongs to experiment ${existing.experimentId}`);
    }
    const tags = { ...existing?.tags, ...checkedMap(request.tags, 'tag') };
    // Presented by the service from the experiment's location, never taken from a client.
    delete tags[TRACE_TAG_KEYS.artifactLocation];
    if (existing && (await this.traces.countSpans(traceId)) > 0) tags[TRACE_TAG_KEYS.spansLocation] = 'TRACKING_STORE';
    else delete tags[TRACE_TAG_KEYS.spansLocation];
    const info: TraceInfo = {
      traceId,
      experimentId: experiment.id,
      requestTime: request.request_time_ms,
      executionDuration: request.execution_duration_ms ?? existing?.executionDuration ?? null,
      state: request.state ?? 'IN_PROGRESS',
      clientRequestId: request.client_request_id ?? existing?.clientRequestId ?? null,
      requestPreview: request.request_preview ?? existing?.requestPreview ?? null,
      responsePreview: request.response_preview ?? existing?.responsePreview ?? null,
      tags,
      metadata: { ...existing?.metadata, ...checkedMap(request.trace_metadata, 'trace metadata') },
    };
    await this.traces.upsertInfo(info);
    return requireTrace(this.traces, traceId);
  }

  async end(request: EndTraceRequest): Promise<TraceInfo> {
    const info = await requireTrace(this.traces, request.trace_id);
    const tags = { ...info.tags, ...checkedMap(request.tags, 'tag') };
    delete tags[TRACE_TAG_KEYS.artifactLocation];
    await this.traces.updateInfo({
      ...info,
      executionDuration: Math.max(0, request.timestamp_ms - info.requestTime),
      state: request.state,
      tags,
      metadata: { ...info.metadata, ...checkedMap(request.trace_metadata, 'trace metadata') },
    });
    return requireTrace(this.traces, request.trace_id);
  }
}
