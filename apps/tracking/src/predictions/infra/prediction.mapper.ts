import { Prediction } from '../domain/prediction';
import { PredictionEntity } from './prediction.entity';

export function predictionFromEntity(e: PredictionEntity): Prediction {
  return {
    rowIndex: Number(e.rowIndex),
    inputs: e.inputs,
    outputs: e.outputs,
    latencyMs: e.latencyMs === null ? null : Number(e.latencyMs),
    extra: e.extra,
    timestamp: Number(e.timestamp),
  };
}
