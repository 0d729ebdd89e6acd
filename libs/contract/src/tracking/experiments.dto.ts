import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { TRACKING_LIMITS } from './tracking.limits';
import { ExperimentView, ViewType } from './tracking.types';

export class TrackingTagDto {
  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class CreateExperimentRequest {
  @IsString()
  @IsNotEmpty()
  name!: string;

  /** Defaults to `<ARTIFACT_ROOT>/<experiment_id>`. */
  @IsOptional()
  @IsString()
  artifact_location?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];
}

export interface CreateExperimentResponse {
  experiment_id: string;
}

export class GetExperimentRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;
}

export interface GetExperimentResponse {
  experiment: ExperimentView;
}

export class GetExperimentByNameRequest {
  @IsString()
  @IsNotEmpty()
  experiment_name!: string;
}

export class SearchExperimentsRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACKING_LIMITS.maxResultsSearchExperiments)
  max_results?: number;

  @IsOptional()
  @IsString()
  page_token?: string;

  /** MLflow's grammar: `name LIKE 'summ%' AND tags.team = 'nlp'` (name, tags.<key>, creation_time, last_update_time). */
  @IsOptional()
  @IsString()
  filter?: string;

  /** e.g. `['name ASC', 'last_update_time DESC']`; default `creation_time DESC`. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  order_by?: string[];

  @IsOptional()
  @IsIn(Object.values(ViewType))
  view_type?: ViewType;
}

export interface SearchExperimentsResponse {
  experiments: ExperimentView[];
  /** Absent on the last page. */
  next_page_token?: string;
}

export class UpdateExperimentRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsString()
  @IsNotEmpty()
  new_name!: string;
}

export class DeleteExperimentRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;
}

export class RestoreExperimentRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;
}

export class SetExperimentTagRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class DeleteExperimentTagRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsString()
  key!: string;
}

/** Answer of the writes that return nothing in MLflow (update, delete, restore, set-tag...). */
export type TrackingEmptyResponse = Record<string, never>;
