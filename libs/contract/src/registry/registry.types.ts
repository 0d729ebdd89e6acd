import { ModelStage } from '../model-uri/model-uri';

/**
 * Wire shapes of the model registry. Entities mirror MLflow's REST API (snake_case, versions as
 * strings, epoch-ms timestamps) so that the gateway's MLflow routes pass them through unchanged.
 * Internal shapes that MLflow has no counterpart for (resolve, events) are camelCase.
 */

export interface RegistryTagView {
  key: string;
  value: string;
}

export interface RegisteredModelAliasView {
  alias: string;
  version: string;
}

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface ModelVersionView {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  current_stage: ModelStage;
  description: string;
  /**
   * What the caller registered: `runs:/<run_id>/<path>`, MLflow 3's `models:/<model_id>`, or a URI
   * inside the run's (or logged model's) artifacts.
   */
  source: string;
  /** The run that produced the model ('' for a logged model without one). */
  run_id: string;
  /** Where the packaged model is, as the artifact proxy serves it (`mlflow-artifacts:/...`). */
  storage_location: string;
  /** MLflow 3: the logged model registered, when the source is one. */
  model_id?: string;
  status: ModelVersionStatus;
  tags: RegistryTagView[];
  aliases: string[];
}

export interface RegisteredModelView {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string;
  description: string;
  /** The latest version of each stage that has one (as MLflow's `latest_versions`). */
  latest_versions: ModelVersionView[];
  tags: RegistryTagView[];
  aliases: RegisteredModelAliasView[];
}

export const HistoryAction = {
  STAGE_TRANSITION: 'stage_transition',
  ALIAS_SET: 'alias_set',
  ALIAS_DELETED: 'alias_deleted',
  /** A deleted version leaves whatever stage it held. */
  VERSION_DELETED: 'version_deleted',
} as const;
export type HistoryAction = (typeof HistoryAction)[keyof typeof HistoryAction];

/**
 * What a promotion carries beyond the target stage: the evaluation that justified it (a run id and
 * the gate's decision, any JSON), recorded verbatim in the history.
 */
export interface TransitionEvaluation {
  run_id?: string;
  [key: string]: unknown;
}

export interface HistoryEntryView {
  id: string;
  name: string;
  version: string;
  action: HistoryAction;
  /** Stage before/after (stage transitions and version deletions). */
  from_stage: ModelStage | null;
  to_stage: ModelStage | null;
  /** Alias moves: the alias, and the version that held it before (null when it was new). */
  alias: string | null;
  previous_version: string | null;
  /** Caller identity from the `x-llmops-caller` header, 'anonymous' when absent. */
  user_id: string;
  timestamp: number;
  reason: string | null;
  evaluation_run_id: string | null;
  evaluation: TransitionEvaluation | null;
  /** The caller asked to bypass the promotion gate (recorded for audit). */
  override: boolean;
}

/** A model URI resolved to where the packaged model is. `name`/`version` are null for `runs:/` URIs. */
export interface ResolvedModel {
  name: string | null;
  version: number | null;
  storageLocation: string;
  runId: string;
  /** The URI that was asked for, as given. */
  modelUri: string;
}

export interface ModelLineageView {
  name: string;
  version: string;
  source: string;
  storage_location: string;
  run_id: string;
  run: {
    run_id: string;
    run_name: string;
    experiment_id: string;
    status: string;
    start_time: number;
    end_time: number | null;
    artifact_uri: string;
    user_id: string;
  };
  params: Array<{ key: string; value: string }>;
  /** Latest value of each metric, as tracking reports it (`value` may be 'NaN'/'Infinity'). */
  metrics: Array<{ key: string; value: number | string; timestamp: number; step: number }>;
  datasets: Array<{
    name: string;
    digest: string;
    source_type: string;
    source: string;
    context: string | null;
  }>;
  run_tags: RegistryTagView[];
}

/** MLflow's alias rule: letters, digits, `_` and `-`, at most 255 characters. */
export const MODEL_ALIAS_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MODEL_ALIAS_MAX_LENGTH = 255;
/** Names that would be ambiguous with `models:/<name>/latest` or version selectors. */
export const RESERVED_ALIAS_PATTERN = /^(latest|v[0-9]+)$/i;
/** Registered model names must fit in a `models:/` URI. */
export const MODEL_NAME_PATTERN = /^[^/@\s][^/@]{0,255}$/;

export const REGISTRY_LIMITS = {
  defaultSearchResults: 100,
  /** MLflow's SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD. */
  maxSearchResults: 1000,
  /** MLflow's SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD (its REST default when max_results is absent). */
  maxSearchModelVersionsResults: 200_000,
  maxDescriptionLength: 5000,
  maxTagKeyLength: 250,
  maxTagValueLength: 5000,
  maxReasonLength: 5000,
} as const;
