/**
 * Wire shapes of the tracking service, as they travel over NATS. Field names follow MLflow's REST
 * API (snake_case) so that the gateway's MLflow-compatible routes can pass them through unchanged.
 * Times are epoch milliseconds; ids are strings.
 */

/** A double on the wire: JSON has no NaN/Infinity, so those travel as MLflow writes them. */
export type WireDouble = number | 'NaN' | 'Infinity' | '-Infinity';

export function toWireDouble(value: number): WireDouble {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function fromWireDouble(value: WireDouble | string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return Number(value);
}

export const LifecycleStage = { ACTIVE: 'active', DELETED: 'deleted' } as const;
export type LifecycleStage = (typeof LifecycleStage)[keyof typeof LifecycleStage];

export const ViewType = { ACTIVE_ONLY: 'ACTIVE_ONLY', DELETED_ONLY: 'DELETED_ONLY', ALL: 'ALL' } as const;
export type ViewType = (typeof ViewType)[keyof typeof ViewType];

export const RunStatus = {
  RUNNING: 'RUNNING',
  SCHEDULED: 'SCHEDULED',
  FINISHED: 'FINISHED',
  FAILED: 'FAILED',
  KILLED: 'KILLED',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
export const RUN_STATUSES: readonly RunStatus[] = Object.values(RunStatus);

/** The id of the experiment the first migration creates, as in MLflow. */
export const DEFAULT_EXPERIMENT_ID = '0';
export const DEFAULT_EXPERIMENT_NAME = 'Default';

export interface TrackingTagView {
  key: string;
  value: string;
}

export interface ExperimentView {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: LifecycleStage;
  creation_time: number;
  last_update_time: number;
  tags: TrackingTagView[];
}

export interface RunInfoView {
  run_id: string;
  /** MLflow's older name of `run_id`, kept because MLflow clients still read it. */
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: LifecycleStage;
}

export interface MetricView {
  key: string;
  value: WireDouble;
  timestamp: number;
  step: number;
}

export interface ParamView {
  key: string;
  value: string;
}

export interface DatasetView {
  name: string;
  digest: string;
  source_type: string;
  /** Where the data came from, as MLflow records it (usually a JSON string, e.g. `{"uri": ...}`). */
  source: string;
  /** Optional JSON string describing the columns. */
  schema?: string;
  /** Optional JSON string of summary statistics, e.g. `{"num_rows": 1000}`. */
  profile?: string;
}

export interface DatasetInputView {
  /** Context of use, MLflow's `mlflow.data.context` tag (e.g. training, evaluation). */
  tags: TrackingTagView[];
  dataset: DatasetView;
}

export interface RunView {
  info: RunInfoView;
  data: { metrics: MetricView[]; params: ParamView[]; tags: TrackingTagView[] };
  inputs: { dataset_inputs: DatasetInputView[] };
  /** MLflow 3: the logged models the run produced (runs/get only). */
  outputs?: { model_outputs: Array<{ model_id: string; step: number }> };
}

/** One entry of an artifact directory listing, as MLflow lists it (path relative to the run root). */
export interface FileInfoView {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

/** One logged prediction of an LLM pipeline: what went in, what came out, how long it took. */
export interface PredictionView {
  /** Position of the row in the run's table, from 0, in logging order. */
  row_index: number;
  inputs: unknown;
  outputs: unknown;
  latency_ms: number | null;
  /** Extra columns (e.g. reference summary, ROUGE of the row). */
  extra: Record<string, unknown> | null;
  timestamp: number;
}

/** The MLflow tag key under which a dataset input's context is recorded. */
export const DATASET_CONTEXT_TAG = 'mlflow.data.context';
/** The MLflow run tag holding the run name. */
export const RUN_NAME_TAG = 'mlflow.runName';
/** The MLflow run tag holding the user. */
export const USER_TAG = 'mlflow.user';
/** Where `predictions.export` writes the predictions table inside the run's artifacts. */
export const PREDICTIONS_ARTIFACT_PATH = 'predictions/predictions.jsonl';
