import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { TRACKING_LIMITS } from './tracking.limits';
import { IsJsonValue, IsPlainJsonObject } from './tracking.validators';
import { PredictionView } from './tracking.types';

export class PredictionRowDto {
  /** What the pipeline was given (e.g. `{ "article": "..." }`). */
  @IsJsonValue()
  inputs!: unknown;

  /** What it answered (e.g. `{ "summary": "..." }`). */
  @IsJsonValue()
  outputs!: unknown;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  latency_ms?: number;

  /** Extra columns, e.g. `{ "reference": "...", "rouge1": 0.41 }`. */
  @IsOptional()
  @IsPlainJsonObject()
  extra?: Record<string, unknown>;

  /** Epoch ms; now when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(-Number.MAX_SAFE_INTEGER)
  @Max(Number.MAX_SAFE_INTEGER)
  timestamp?: number;
}

export class LogPredictionsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  /** At most `TRACKING_LIMITS.maxPredictionsPerLog` rows per call; appended in order. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PredictionRowDto)
  rows!: PredictionRowDto[];
}

export interface LogPredictionsResponse {
  /** row_index of the first appended row. */
  first_row_index: number;
  count: number;
}

export class ListPredictionsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACKING_LIMITS.maxResultsPredictions)
  max_results?: number;

  @IsOptional()
  @IsString()
  page_token?: string;
}

export interface ListPredictionsResponse {
  predictions: PredictionView[];
  next_page_token?: string;
}

export class ExportPredictionsRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;
}

/** The run's predictions written as JSONL at `predictions/predictions.jsonl` in its artifacts. */
export interface ExportPredictionsResponse {
  artifact_path: string;
  artifact_uri: string;
  rows: number;
}
