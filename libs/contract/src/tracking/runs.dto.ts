import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { TrackingTagDto } from './experiments.dto';
import { TRACKING_LIMITS } from './tracking.limits';
import { IsWireDouble } from './tracking.validators';
import { RunInfoView, RunStatus, RunView, RUN_STATUSES, ViewType, WireDouble } from './tracking.types';

export class CreateRunRequest {
  @IsString()
  @IsNotEmpty()
  experiment_id!: string;

  @IsOptional()
  @IsString()
  user_id?: string;

  /** A random name (as MLflow's `adjective-animal-123`) when absent. */
  @IsOptional()
  @IsString()
  run_name?: string;

  /** Epoch ms; now when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  start_time?: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];
}

export interface RunResponse {
  run: RunView;
}

export class GetRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class UpdateRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  end_time?: number;

  @IsOptional()
  @IsString()
  run_name?: string;
}

export interface UpdateRunResponse {
  run_info: RunInfoView;
}

export class DeleteRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class RestoreRunRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class SearchRunsRequest {
  @IsArray()
  @IsString({ each: true })
  experiment_ids!: string[];

  /**
   * MLflow's filter grammar, clauses joined by AND:
   * `metrics.rouge1 > 0.3 and params.model = 't5' and tags.stage = 'dev' and attributes.status = 'FINISHED'`.
   * Operators: = != < <= > >= LIKE ILIKE IN NOT IN.
   */
  @IsOptional()
  @IsString()
  filter?: string;

  @IsOptional()
  @IsIn(Object.values(ViewType))
  run_view_type?: ViewType;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACKING_LIMITS.maxResultsSearchRuns)
  max_results?: number;

  /** e.g. `['metrics.rougeL DESC', 'attributes.start_time ASC']`; default `attributes.start_time DESC`. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  order_by?: string[];

  @IsOptional()
  @IsString()
  page_token?: string;
}

export interface SearchRunsResponse {
  runs: RunView[];
  /** Absent on the last page. */
  next_page_token?: string;
}

export class ParamDto {
  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class MetricDto {
  @IsString()
  key!: string;

  /** A number, or 'NaN' / 'Infinity' / '-Infinity'. */
  @IsWireDouble()
  value!: WireDouble;

  /** Epoch ms; now when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  timestamp?: number;

  /** 0 when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  step?: number;
}

export class LogParamRequest extends ParamDto {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class LogMetricRequest extends MetricDto {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

export class LogBatchRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MetricDto)
  metrics?: MetricDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ParamDto)
  params?: ParamDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];
}

export class SetRunTagRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  key!: string;

  @IsString()
  value!: string;
}

export class DeleteRunTagRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  key!: string;
}

export class DatasetDto {
  @IsString()
  @IsNotEmpty()
  name!: string;

  @IsString()
  @IsNotEmpty()
  digest!: string;

  /** e.g. `local`, `http`, `hf`, `delta_table`. */
  @IsString()
  @IsNotEmpty()
  source_type!: string;

  /** Usually a JSON string such as `{"uri": "file:///data/news.jsonl"}`. */
  @IsString()
  source!: string;

  @IsOptional()
  @IsString()
  schema?: string;

  /** JSON string, e.g. `{"num_rows": 1000}`. */
  @IsOptional()
  @IsString()
  profile?: string;
}

export class DatasetInputDto {
  /** The context goes in the tag `mlflow.data.context` (e.g. `training`, `evaluation`). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrackingTagDto)
  tags?: TrackingTagDto[];

  @ValidateNested()
  @Type(() => DatasetDto)
  dataset!: DatasetDto;
}

export class LogInputsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DatasetInputDto)
  datasets!: DatasetInputDto[];
}
