import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { INFERENCE_LIMITS } from '../inference/inference.limits';
import { ModelVersionView, MODEL_NAME_PATTERN, REGISTRY_LIMITS } from '../registry/registry.types';
import { EvaluationMetricsView, GateDecisionView, PromotionGatePolicy } from './evaluation.types';

const VersionString = () =>
  Transform(({ value }) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value));
const VERSION_PATTERN = /^[1-9][0-9]{0,9}$/;

class ModelVersionRef {
  @IsString()
  @Matches(MODEL_NAME_PATTERN, { message: 'name must be 1-256 characters without "/" or "@"' })
  name!: string;

  @VersionString()
  @IsString()
  @Matches(VERSION_PATTERN, { message: 'version must be a positive integer' })
  version!: string;
}

/** Evaluate `models:/<name>/<version>` on a held-out JSONL set of `{id, article, reference}`. */
export class RunEvaluationRequest extends ModelVersionRef {
  /** A path (or file:// URI) readable by the registry service. */
  @IsString()
  @IsNotEmpty()
  dataset_path!: string;

  /** Evaluate only the first N articles. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  /** Articles per summarize request (default from the service's configuration). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INFERENCE_LIMITS.maxArticlesPerRequest)
  chunk_size?: number;
}

export interface RunEvaluationResponse {
  evaluation_run_id: string;
  experiment_id: string;
  model_uri: string;
  dataset_digest: string;
  metrics: EvaluationMetricsView;
}

const FINITE = { allowNaN: false, allowInfinity: false };

export class PromotionGatePolicyDto implements PromotionGatePolicy {
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  min_rouge_l?: number;

  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  min_rouge_2?: number;

  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  max_latency_p95_ms?: number;

  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  max_failure_rate?: number;

  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  max_regression_vs_champion?: number;
}

/**
 * A stage transition through the gate. For Production: `gate` (the policy) and
 * `evaluation_run_id` (the candidate's evaluation), or `override_reason` to go ahead regardless.
 */
export class GatedTransitionRequest extends ModelVersionRef {
  /** None | Staging | Production | Archived (case-insensitive). */
  @IsString()
  stage!: string;

  @IsOptional()
  @IsBoolean()
  archive_existing_versions?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxReasonLength)
  reason?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PromotionGatePolicyDto)
  gate?: PromotionGatePolicyDto;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  evaluation_run_id?: string;

  /** Promote even if the gate refuses; recorded in the history with the decision. */
  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxReasonLength)
  override_reason?: string;

  /** Decide the gate and answer what would happen, changing nothing (never refused by the gate). */
  @IsOptional()
  @IsBoolean()
  dry_run?: boolean;
}

export interface GatedTransitionResponse {
  model_version: ModelVersionView;
  /** Null for transitions that need no gate (anything but Production). */
  gate_decision: GateDecisionView | null;
  /** True when nothing was changed (`dry_run`): `model_version` is the version as it is. */
  dry_run: boolean;
  archived_versions: string[];
}

/** The promotion gate's policy of a registered model. */
export class GetGatePolicyRequest {
  @IsString()
  @Matches(MODEL_NAME_PATTERN, { message: 'name must be 1-256 characters without "/" or "@"' })
  name!: string;
}

/**
 * Store the model's gate policy: what `transition_model_version_stage(..., 'Production')` from any
 * client is decided by (a request's own `gate` can only make it stricter). At least one threshold.
 */
export class SetGatePolicyRequest extends GetGatePolicyRequest {
  @ValidateNested()
  @Type(() => PromotionGatePolicyDto)
  policy!: PromotionGatePolicyDto;
}

export interface GatePolicyResponse {
  name: string;
  /** The policy promotions of this model are decided by; null when there is none. */
  policy: PromotionGatePolicy | null;
  /** `model`: stored for this model; `default`: the registry's configured default; `none`. */
  source: 'model' | 'default' | 'none';
  /** Who stored it and when (epoch ms); null unless `source` is `model`. */
  user_id: string | null;
  updated_at: number | null;
}
