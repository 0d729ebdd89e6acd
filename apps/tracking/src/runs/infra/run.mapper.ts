import { LifecycleStage } from '../../experiments/domain/experiment';
import { Metric, RunInfo, RunStatus } from '../domain/run';
import { RunEntity } from './run.entity';

export function runInfoFromEntity(e: RunEntity): RunInfo {
  return {
    runId: e.runUuid,
    experimentId: String(e.experimentId),
    runName: e.name,
    userId: e.userId,
    status: e.status as RunStatus,
    startTime: Number(e.startTime),
    endTime: e.endTime === null ? null : Number(e.endTime),
    artifactUri: e.artifactUri,
    lifecycleStage: e.lifecycleStage as LifecycleStage,
    deletedTime: e.deletedTime === null ? null : Number(e.deletedTime),
  };
}

export function runInfoToEntity(info: RunInfo): RunEntity {
  const e = new RunEntity();
  e.runUuid = info.runId;
  e.experimentId = info.experimentId;
  e.name = info.runName;
  e.userId = info.userId;
  e.status = info.status;
  e.startTime = String(info.startTime);
  e.endTime = info.endTime === null ? null : String(info.endTime);
  e.artifactUri = info.artifactUri;
  e.lifecycleStage = info.lifecycleStage;
  e.deletedTime = info.deletedTime === null ? null : String(info.deletedTime);
  return e;
}

/** Row of a metric query (bigint as string, double as number or its text). */
export interface MetricRow {
  key: string;
  value: number | string;
  timestamp: string | number;
  step: string | number;
}

export function metricFromRow(row: MetricRow): Metric {
  return { key: row.key, value: Number(row.value), timestamp: Number(row.timestamp), step: Number(row.step) };
}

/** Doubles travel to SQL as text ('NaN', 'Infinity' included) and are cast there: same in pg and PGlite. */
export function doubleParam(value: number): string {
  return String(value);
}
