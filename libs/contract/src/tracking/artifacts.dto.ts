import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { FileInfoView } from './tracking.types';

export class ResolveArtifactRootRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

/**
 * Where a run's artifacts live. Services stream files through `@llmops/artifacts` with
 * `storage_uri` (large files never travel in NATS messages).
 */
export interface ResolveArtifactRootResponse {
  run_id: string;
  experiment_id: string;
  /** As clients see it (runs/get): `mlflow-artifacts:/...` when artifacts are served, else the storage URI. */
  artifact_uri: string;
  /** The proxy's address of the run's artifacts, `mlflow-artifacts:/<experiment_id>/<run_id>/artifacts`. */
  served_uri: string;
  /** Where the bytes are (`file://...` in the artifact store): for services, never for clients. */
  storage_uri: string;
  lifecycle_stage: string;
}

/**
 * Resolves an artifact location to the artifacts' owner and where its bytes are: the proxy's paths
 * (`mlflow-artifacts:/<experiment_id>/<run_id>/artifacts/...`,
 * `mlflow-artifacts:/<experiment_id>/models/<model_id>/artifacts/...`), `runs:/<run_id>/<path>`
 * (a 3.x logged model of the run by name when the run has no such artifact) and `models:/<model_id>`.
 */
export class ResolveArtifactLocationRequest {
  @IsString()
  @IsNotEmpty()
  uri!: string;
}

export type ArtifactOwnerKind = 'run' | 'logged_model' | 'trace';

export interface ResolveArtifactLocationResponse {
  owner: { kind: ArtifactOwnerKind; id: string; experiment_id: string };
  lifecycle_stage: string;
  /** The owner's artifact root in storage (read and write below it with `path`). */
  root_storage_uri: string;
  /** The owner's artifact root as the proxy serves it. */
  root_served_uri: string;
  /** The path below the owner's root ('' = the root), checked by `safeArtifactPath`. */
  path: string;
  /** `root_storage_uri` + `path`. */
  storage_uri: string;
  /** `root_served_uri` + `path`. */
  served_uri: string;
}

export class ListArtifactsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  /** Directory relative to the run's artifact root; the root when absent. */
  @IsOptional()
  @IsString()
  path?: string;
}

export interface ListArtifactsResponse {
  root_uri: string;
  /** Paths relative to the run's artifact root, as MLflow lists them. */
  files: FileInfoView[];
}
