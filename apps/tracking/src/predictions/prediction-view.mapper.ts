import { PredictionView } from '@llmops/contract';
import { Prediction } from './domain/prediction';

export function toPredictionView(p: Prediction): PredictionView {
  return {
    row_index: p.rowIndex,
    inputs: p.inputs,
    outputs: p.outputs,
    latency_ms: p.latencyMs,
    extra: p.extra,
    timestamp: p.timestamp,
  };
}
