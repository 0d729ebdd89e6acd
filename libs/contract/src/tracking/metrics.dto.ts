import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { TRACKING_LIMITS } from './tracking.limits';
import { MetricView } from './tracking.types';

export class GetMetricHistoryRequest {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  @IsNotEmpty()
  metric_key!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(TRACKING_LIMITS.maxResultsMetricHistory)
  max_results?: number;

  @IsOptional()
  @IsString()
  page_token?: string;
}

/** Every value logged for the key, ordered by step, then timestamp, then logging order. */
export interface GetMetricHistoryResponse {
  metrics: MetricView[];
  next_page_token?: string;
}
