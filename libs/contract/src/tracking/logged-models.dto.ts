import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { TrackingTagDto } from './experiments.dto';
import { FileInfoView, MetricView, ParamView, TrackingTagView } from './tracking.types';

/**
 * MLflow 3's logged models (`service.proto`: CreateLoggedModel ... LogLoggedModelParamsRequest): a
 * model with its own id (`m-<32 hex>`), params, tags and artifacts
 * (`<experiment location>/models/<model_id>/artifacts`), usually produced by a run.
 */
export const LOGGED_MODEL_STATUSES = [
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
] as const;
export type LoggedModelStatusName = (typeof LOGGED_MODEL_STATUSES)[number];

/** The biggest page of search_logged_models (MLflow's default is 100 too). */
export const LOGGED_MODEL_SEARCH_LIMITS = { defaultMaxResults: 100, maxResults: 1000 } as const;

export class LoggedModelParamDto {
  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class CreateLoggedModelRequest {
  /** Required by MLflow's API; the source run's experiment when absent (the platform's own callers). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  experiment_id?: string;

  /** A random name when absent. */
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsString()
  model_type?: string;

  @IsOptional()
  @IsString()
  source_run_id?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LoggedModelParamDto)
  params?: LoggedModelParamDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];

  /**
   * Platform only (not in MLflow's API): the model's files are already in the source run's
   * artifacts at this path (a package logged by the walkthrough), so the logged model points there
   * instead of getting a directory of its own.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  run_artifact_path?: string;
}

export class LoggedModelIdRequest {
  @IsString()
  @IsNotEmpty()
  model_id!: string;
}

export class FinalizeLoggedModelRequest extends LoggedModelIdRequest {
  @IsIn(['LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'])
  status!: 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED';
}

export class SetLoggedModelTagsRequest extends LoggedModelIdRequest {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags!: TrackingTagDto[];
}

export class DeleteLoggedModelTagRequest extends LoggedModelIdRequest {
  @IsString()
  @IsNotEmpty()
  tag_key!: string;
}

export class LogLoggedModelParamsRequest extends LoggedModelIdRequest {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LoggedModelParamDto)
  params!: LoggedModelParamDto[];
}

export class ListLoggedModelArtifactsRequest extends LoggedModelIdRequest {
  @IsOptional()
  @IsString()
  artifact_directory_path?: string;
}

export class SearchLoggedModelsDatasetDto {
  @IsString()
  @IsNotEmpty()
  dataset_name!: string;

  @IsOptional()
  @IsString()
  dataset_digest?: string;
}

export class SearchLoggedModelsOrderByDto {
  @IsString()
  @IsNotEmpty()
  field_name!: string;

  @IsOptional()
  @IsBoolean()
  ascending?: boolean;

  @IsOptional()
  @IsString()
  dataset_name?: string;

  @IsOptional()
  @IsString()
  dataset_digest?: string;
}

export class SearchLoggedModelsRequest {
  @IsArray()
  @IsString({ each: true })
  experiment_ids!: string[];

  @IsOptional()
  @IsString()
  filter?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SearchLoggedModelsDatasetDto)
  datasets?: SearchLoggedModelsDatasetDto[];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LOGGED_MODEL_SEARCH_LIMITS.maxResults)
  max_results?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SearchLoggedModelsOrderByDto)
  order_by?: SearchLoggedModelsOrderByDto[];

  @IsOptional()
  @IsString()
  page_token?: string;
}

export class ModelOutputDto {
  @IsString()
  @IsNotEmpty()
  model_id!: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  step!: number;
}

export class LogOutputsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ModelOutputDto)
  models?: ModelOutputDto[];
}

export interface LoggedModelInfoView {
  model_id: string;
  experiment_id: string;
  name: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  /** As clients see it: `mlflow-artifacts:/<experiment_id>/models/<model_id>/artifacts` when served. */
  artifact_uri: string;
  status: LoggedModelStatusName;
  model_type?: string;
  source_run_id?: string;
  status_message?: string;
  tags: TrackingTagView[];
  registrations: Array<{ name: string; version: string }>;
}

export interface LoggedModelView {
  info: LoggedModelInfoView;
  data: { params: ParamView[]; metrics: MetricView[] };
}

export interface LoggedModelResponse {
  model: LoggedModelView;
}

export interface SearchLoggedModelsResponse {
  models: LoggedModelView[];
  next_page_token?: string;
}

export interface ListLoggedModelArtifactsResponse {
  root_uri: string;
  files: FileInfoView[];
}

/** A run's model outputs (MLflow 3's `run.outputs.model_outputs`). */
export interface RunOutputsView {
  model_outputs: Array<{ model_id: string; step: number }>;
}
