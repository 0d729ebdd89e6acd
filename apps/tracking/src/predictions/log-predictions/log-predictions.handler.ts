import { Injectable } from '@nestjs/common';
import { InvalidParameterError, TRACKING_LIMITS } from '@llmops/contract';
import { assertRunActive } from '../../runs/domain/run';
import { requireRunInfo } from '../../runs/run-lookup';
import { Clock } from '../../shared/clock';
import { TrackingStore } from '../../store/tracking-store';
import { Prediction } from '../domain/prediction';

export type PredictionInput = Omit<Prediction, 'rowIndex' | 'timestamp'> & { timestamp?: number };

@Injectable()
export class LogPredictionsHandler {
  constructor(
    private readonly store: TrackingStore,
    private readonly clock: Clock,
  ) {}

  /** Appends rows to the run's predictions table, numbered in order after the existing rows. */
  async execute(runId: string, rows: PredictionInput[]): Promise<{ firstRowIndex: number; count: number }> {
    if (rows.length > TRACKING_LIMITS.maxPredictionsPerLog) {
      throw new InvalidParameterError(
        `Invalid value for rows: at most ${TRACKING_LIMITS.maxPredictionsPerLog} predictions per call (got ${rows.length})`,
      );
    }
    rows.forEach((row, i) => {
      if (row.inputs === undefined) throw new InvalidParameterError(`Invalid value for rows[${i}].inputs: required`);
      if (row.outputs === undefined) throw new InvalidParameterError(`Invalid value for rows[${i}].outputs: required`);
      if (row.latencyMs !== null && !(Number.isFinite(row.latencyMs) && row.latencyMs >= 0)) {
        throw new InvalidParameterError(`Invalid value for rows[${i}].latency_ms: ${row.latencyMs}`);
      }
    });
    const now = this.clock.now();
    return this.store.transaction(async ({ runs, predictions }) => {
      // The run lock serialises concurrent appends, so row indexes never collide.
      assertRunActive(await requireRunInfo(runs, runId, { lock: true }));
      const first = await predictions.nextRowIndex(runId);
      await predictions.append(
        runId,
        rows.map((row, i) => ({
          rowIndex: first + i,
          inputs: row.inputs,
          outputs: row.outputs,
          latencyMs: row.latencyMs,
          extra: row.extra,
          timestamp: row.timestamp ?? now,
        })),
      );
      return { firstRowIndex: first, count: rows.length };
    });
  }
}
