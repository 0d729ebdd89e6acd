import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { randomBytes } from 'node:crypto';
import { LifecycleStage, Tag } from '../../experiments/domain/experiment';
import { Param } from '../../runs/domain/run';

export type LoggedModelStatus = 'PENDING' | 'READY' | 'FAILED';

/** MLflow 3's logged model: a model with an id of its own, its params, tags and artifacts. */
export interface LoggedModel {
  /** `m-` and 32 lowercase hex characters, as MLflow. */
  modelId: string;
  experimentId: string;
  name: string;
  /** Stored location (`mlflow-artifacts:/<exp>/models/<id>/artifacts`, or a run's directory). */
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  status: LoggedModelStatus;
  statusMessage: string | null;
  modelType: string | null;
  sourceRunId: string | null;
  lifecycleStage: LifecycleStage;
  params: Param[];
  tags: Tag[];
}

/** A run's output: the model it produced, at a step. */
export interface ModelOutput {
  modelId: string;
  step: number;
}

export const LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;

export function newLoggedModelId(): string {
  return `m-${randomBytes(16).toString('hex')}`;
}

const STATUS_ON_WIRE: Record<LoggedModelStatus, string> = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
};

export function statusToWire(status: LoggedModelStatus): string {
  return STATUS_ON_WIRE[status];
}

/** MLflow's names (`LOGGED_MODEL_READY`), its short ones (`READY`, `FAILED`) and the stored ones. */
export function statusFromWire(value: string): LoggedModelStatus {
  const name = value.toUpperCase().replace(/^LOGGED_MODEL_/, '');
  if (name === 'PENDING' || name === 'READY') return name;
  if (name === 'UPLOAD_FAILED' || name === 'FAILED') return 'FAILED';
  throw new InvalidParameterError(`Invalid logged model status '${value}' (PENDING, READY or FAILED)`);
}

/** MLflow's rule: a non-empty name without `/ : . % " '`. */
export function validateLoggedModelName(name: string): string {
  if (name === '' || /[/:.%"']/.test(name) || name.length > 500) {
    throw new InvalidParameterError(
      `Invalid model name (${JSON.stringify(name)}) provided. Model name must be a non-empty string and cannot contain the following characters: / : . % " '`,
    );
  }
  return name;
}

export function loggedModelNotFound(modelId: string): ResourceNotFoundError {
  return new ResourceNotFoundError(`Logged model with ID '${modelId}' not found.`);
}
