import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { INFERENCE_LIMITS } from '@llmops/contract';

/** Settings of staging evaluation, read from environment variables (`loadConfig`). */
export class EvaluationConfig {
  /** Articles per summarize request to the inference service. */
  @IsInt()
  @Min(1)
  @Max(INFERENCE_LIMITS.maxArticlesPerRequest)
  EVALUATION_CHUNK_SIZE = 4;

  /** Summarize requests in flight at once for one evaluation (replicas share the work). */
  @IsInt()
  @Min(1)
  @Max(64)
  EVALUATION_CONCURRENCY = 2;

  /** How long one summarize request may take (a cold model load included). */
  @IsInt()
  @Min(1000)
  EVALUATION_INFERENCE_TIMEOUT_MS = 300_000;

  /** How long each tracking call may take. */
  @IsInt()
  @Min(100)
  TRACKING_TIMEOUT_MS = 10_000;

  /** When set, evaluation sets are read only from under this directory (services mode: set it). */
  @IsOptional()
  @IsString()
  EVALUATION_DATASET_ROOT = '';
}
