import { InvalidParameterError } from '@llmops/contract';
import { LifecycleStage, Tag } from '../../experiments/domain/experiment';

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface RunInfo {
  /** 32 lowercase hex characters. */
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  /** `<experiment artifact location>/<run_id>/artifacts` */
  artifactUri: string;
  lifecycleStage: LifecycleStage;
  /** When the run was deleted (ms), to restore runs deleted together with their experiment. */
  deletedTime: number | null;
}

export interface Param {
  key: string;
  value: string;
}

/** A metric value: doubles, NaN and ±Infinity included. */
export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface DatasetInput {
  tags: Tag[];
  dataset: Dataset;
}

/** A run with everything logged to it; metrics are the latest value per key. */
export interface Run {
  info: RunInfo;
  params: Param[];
  tags: Tag[];
  latestMetrics: Metric[];
  inputs: DatasetInput[];
}

/** MLflow's tag names that mirror run attributes. */
export const RUN_NAME_TAG = 'mlflow.runName';
export const USER_TAG = 'mlflow.user';

export function assertRunActive(info: RunInfo): void {
  if (info.lifecycleStage !== 'active') {
    throw new InvalidParameterError(
      `The run ${info.runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`,
    );
  }
}

/** MLflow's order of "latest": highest step, then latest timestamp, then highest value. */
export function isLaterMetric(candidate: Metric, current: Metric): boolean {
  if (candidate.step !== current.step) return candidate.step > current.step;
  if (candidate.timestamp !== current.timestamp) return candidate.timestamp > current.timestamp;
  return compareDoubles(candidate.value, current.value) > 0;
}

/** PostgreSQL's order of doubles: NaN above everything, so the fakes sort as the database does. */
export function compareDoubles(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a === b ? 0 : a < b ? -1 : 1;
}

export const TERMINAL_STATUSES: readonly RunStatus[] = ['FINISHED', 'FAILED', 'KILLED'];
