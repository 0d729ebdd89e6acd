import { IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { FileInfoView } from './tracking.types';

export class ResolveArtifactRootRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

/**
 * Where a run's artifacts live. The gateway and clients stream files through `@llmops/artifacts`
 * with this URI (large files never travel in NATS messages).
 */
export interface ResolveArtifactRootResponse {
  run_id: string;
  experiment_id: string;
  artifact_uri: string;
  lifecycle_stage: string;
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
