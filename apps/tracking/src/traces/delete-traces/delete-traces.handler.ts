import { Injectable } from '@nestjs/common';
import { DeleteTracesRequest, InvalidParameterError } from '@llmops/contract';
import { requireExperiment } from '../../experiments/experiment-lookup';
import { TrackingStore } from '../../store/tracking-store';
import { TraceRepository } from '../domain/trace.repository';

/**
 * MLflow's DeleteTraces: by age (`max_timestamp_millis`, at most `max_traces` oldest first) or by
 * ids, always within the experiment named (an id of another experiment's trace deletes nothing).
 */
@Injectable()
export class DeleteTracesHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly traces: TraceRepository,
  ) {}

  async execute(request: DeleteTracesRequest): Promise<number> {
    const byTime = request.max_timestamp_millis !== undefined;
    const byIds = request.trace_ids !== undefined && request.trace_ids.length > 0;
    if (byTime === byIds) {
      throw new InvalidParameterError('Either `max_timestamp_millis` or `request_ids` must be specified, not both');
    }
    if (byIds && request.max_traces !== undefined) {
      throw new InvalidParameterError('`max_traces` can only be given with `max_timestamp_millis`');
    }
    await this.store.transaction(({ experiments }) => requireExperiment(experiments, request.experiment_id));
    return this.traces.delete(request.experiment_id, {
      ...(byTime ? { maxTimestampMs: request.max_timestamp_millis } : {}),
      ...(request.max_traces !== undefined ? { maxTraces: request.max_traces } : {}),
      ...(byIds ? { traceIds: request.trace_ids } : {}),
    });
  }
}
