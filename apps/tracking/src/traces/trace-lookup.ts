import {
  InvalidParameterError,
  InvalidStateError,
  LifecycleStage,
  ResourceNotFoundError,
  TRACKING_LIMITS,
} from '@llmops/contract';
import { Experiment } from '../experiments/domain/experiment';
import { requireExperiment } from '../experiments/experiment-lookup';
import { TrackingStore } from '../store/tracking-store';
import { TraceInfo } from './domain/trace';
import { TraceRepository } from './domain/trace.repository';

export async function requireTrace(traces: TraceRepository, traceId: string): Promise<TraceInfo> {
  const info = typeof traceId === 'string' && traceId.length <= 50 ? await traces.findInfo(traceId) : null;
  if (!info) throw new ResourceNotFoundError(`Trace with ID '${traceId}' not found.`);
  return info;
}

/** Traces are logged to active experiments only, as MLflow's start_trace checks. */
export async function requireActiveExperiment(store: TrackingStore, experimentId: string): Promise<Experiment> {
  const experiment = await store.transaction(({ experiments }) => requireExperiment(experiments, experimentId));
  if (experiment.lifecycleStage !== LifecycleStage.ACTIVE) {
    throw new InvalidStateError(`The experiment ${experimentId} is deleted; restore it before logging traces`);
  }
  return experiment;
}

/** A tag or metadata map from a client: string keys and values within MLflow's limits. */
export function checkedMap(map: Record<string, unknown> | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (key === '' || key.length > TRACKING_LIMITS.maxEntityKeyLength) {
      throw new InvalidParameterError(`Invalid ${what} key '${key.slice(0, 50)}': 1 to 250 characters`);
    }
    if (typeof value !== 'string')
      throw new InvalidParameterError(`Invalid ${what} '${key}': the value must be a string`);
    if (value.length > TRACKING_LIMITS.maxTagValueLength) {
      throw new InvalidParameterError(
        `Invalid ${what} '${key}': at most ${TRACKING_LIMITS.maxTagValueLength} characters`,
      );
    }
    out[key] = value;
  }
  return out;
}
