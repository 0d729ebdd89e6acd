import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
  buildMessage,
} from 'class-validator';
import {
  HistoryEntryView,
  MODEL_NAME_PATTERN,
  ModelLineageView,
  ModelVersionView,
  REGISTRY_LIMITS,
  RegisteredModelView,
  ResolvedModel,
  TransitionEvaluation,
} from './registry.types';

/** MLflow sends versions as strings; numbers are accepted too and carried as their decimal string. */
const VersionString = () =>
  Transform(({ value }) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value));
// At most MAX_MODEL_VERSION (nine digits): versions are 32-bit integers in the database.
const VERSION_PATTERN = /^[1-9][0-9]{0,8}$/;
const VERSION_MESSAGE = { message: 'version must be a positive integer' };

function IsJsonObject(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonObject',
      validator: {
        validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a JSON object`),
      },
    },
    options,
  );
}

export class RegistryTagDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(REGISTRY_LIMITS.maxTagKeyLength)
  key!: string;

  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxTagValueLength)
  value!: string;
}

class ModelNameRequest {
  @IsString()
  @Matches(MODEL_NAME_PATTERN, { message: 'name must be 1-256 characters without "/" or "@"' })
  name!: string;
}

class ModelVersionRequest extends ModelNameRequest {
  @VersionString()
  @IsString()
  @Matches(VERSION_PATTERN, VERSION_MESSAGE)
  version!: string;
}

class SearchRequest {
  /** MLflow's filter syntax, e.g. `name LIKE '%summar%'`, `name = 'x'`, `run_id = 'abc'`. */
  @IsOptional()
  @IsString()
  filter?: string;

  /** e.g. `['name ASC']`, `['last_updated_timestamp DESC']`. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  order_by?: string[];

  @IsOptional()
  @IsString()
  page_token?: string;
}

// --- registered models -------------------------------------------------------------------

export class CreateRegisteredModelRequest extends ModelNameRequest {
  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxDescriptionLength)
  description?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RegistryTagDto)
  tags?: RegistryTagDto[];
}

export class GetRegisteredModelRequest extends ModelNameRequest {}

export class DeleteRegisteredModelRequest extends ModelNameRequest {}

export class RenameRegisteredModelRequest extends ModelNameRequest {
  @IsString()
  @Matches(MODEL_NAME_PATTERN, { message: 'new_name must be 1-256 characters without "/" or "@"' })
  new_name!: string;
}

export class UpdateRegisteredModelRequest extends ModelNameRequest {
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxDescriptionLength)
  description!: string;
}

export class SetRegisteredModelTagRequest extends ModelNameRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(REGISTRY_LIMITS.maxTagKeyLength)
  key!: string;

  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxTagValueLength)
  value!: string;
}

export class DeleteRegisteredModelTagRequest extends ModelNameRequest {
  @IsString()
  @IsNotEmpty()
  key!: string;
}

export class SearchRegisteredModelsRequest extends SearchRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REGISTRY_LIMITS.maxSearchResults)
  max_results?: number;
}

export interface RegisteredModelResponse {
  registered_model: RegisteredModelView;
}

export interface SearchRegisteredModelsResponse {
  registered_models: RegisteredModelView[];
  next_page_token?: string;
}

export class GetLatestVersionsRequest extends ModelNameRequest {
  /** Stage names (case-insensitive); every stage when absent. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  stages?: string[];
}

export interface ModelVersionsResponse {
  model_versions: ModelVersionView[];
}

export class ResolveModelUriRequest {
  /** `models:/<name>/<version>`, `models:/<name>/<stage>`, `models:/<name>@<alias>` or `runs:/<run_id>/<path>`. */
  @IsString()
  @IsNotEmpty()
  uri!: string;
}

export type ResolveModelUriResponse = ResolvedModel;

// --- model versions ----------------------------------------------------------------------

export class CreateModelVersionRequest extends ModelNameRequest {
  /**
   * `runs:/<run_id>/<path>`, MLflow 3's `models:/<model_id>`, a served location
   * (`mlflow-artifacts:/...`) of a run's or logged model's artifacts, or a URI inside the run's
   * artifact location (then `run_id` is required).
   */
  @IsString()
  @IsNotEmpty()
  source!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  run_id?: string;

  /** MLflow 3: the logged model being registered (must be the one the source names). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  model_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxDescriptionLength)
  description?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RegistryTagDto)
  tags?: RegistryTagDto[];
}

export class GetModelVersionRequest extends ModelVersionRequest {}

export class DeleteModelVersionRequest extends ModelVersionRequest {}

export class UpdateModelVersionRequest extends ModelVersionRequest {
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxDescriptionLength)
  description!: string;
}

export class SetModelVersionTagRequest extends ModelVersionRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(REGISTRY_LIMITS.maxTagKeyLength)
  key!: string;

  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxTagValueLength)
  value!: string;
}

export class DeleteModelVersionTagRequest extends ModelVersionRequest {
  @IsString()
  @IsNotEmpty()
  key!: string;
}

export class SearchModelVersionsRequest extends SearchRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REGISTRY_LIMITS.maxSearchModelVersionsResults)
  max_results?: number;
}

export interface ModelVersionResponse {
  model_version: ModelVersionView;
}

export interface SearchModelVersionsResponse {
  model_versions: ModelVersionView[];
  next_page_token?: string;
}

/**
 * A stage transition. `reason`, `evaluation` and `override` are recorded in the history; the
 * promotion gate (a later addition) reads `evaluation` and honours `override`.
 */
export class TransitionModelVersionStageRequest extends ModelVersionRequest {
  /** None | Staging | Production | Archived (case-insensitive). */
  @IsString()
  stage!: string;

  /** Move the versions that held the target stage to Archived (Staging/Production only). */
  @IsOptional()
  @IsBoolean()
  archive_existing_versions?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxReasonLength)
  reason?: string;

  @IsOptional()
  @IsJsonObject()
  evaluation?: TransitionEvaluation;

  @IsOptional()
  @IsBoolean()
  override?: boolean;
}

export interface TransitionModelVersionStageResponse {
  model_version: ModelVersionView;
  /** Versions moved to Archived by `archive_existing_versions`. */
  archived_versions: string[];
}

export class GetModelVersionLineageRequest extends ModelVersionRequest {}

export type ModelVersionLineageResponse = ModelLineageView;

// --- aliases ---------------------------------------------------------------------------

export class SetRegisteredModelAliasRequest extends ModelVersionRequest {
  @IsString()
  alias!: string;

  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxReasonLength)
  reason?: string;

  @IsOptional()
  @IsJsonObject()
  evaluation?: TransitionEvaluation;
}

export class DeleteRegisteredModelAliasRequest extends ModelNameRequest {
  @IsString()
  alias!: string;

  @IsOptional()
  @IsString()
  @MaxLength(REGISTRY_LIMITS.maxReasonLength)
  reason?: string;
}

export class GetModelVersionByAliasRequest extends ModelNameRequest {
  @IsString()
  alias!: string;
}

export interface AliasResponse {
  name: string;
  alias: string;
  version: string;
  /** The version that held the alias before (null when it was new). */
  previous_version: string | null;
}

export interface AliasDeletedResponse {
  name: string;
  alias: string;
  previous_version: string;
}

// --- history ---------------------------------------------------------------------------

export class ListModelHistoryRequest extends ModelNameRequest {
  @IsOptional()
  @VersionString()
  @IsString()
  @Matches(VERSION_PATTERN, VERSION_MESSAGE)
  version?: string;
}

export interface ListModelHistoryResponse {
  entries: HistoryEntryView[];
}

/** Exactly one of `stage` or `alias`. */
export class ModelHistoryAtRequest extends ModelNameRequest {
  @IsOptional()
  @IsString()
  stage?: string;

  @IsOptional()
  @IsString()
  alias?: string;

  /** Epoch ms. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  at!: number;
}

export interface ModelHistoryAtResponse {
  name: string;
  at: number;
  stage: string | null;
  alias: string | null;
  /** The version that held it (for a stage: the latest of those in it); null if none. */
  version: string | null;
  /** For a stage: every version that was in it at that time, ascending. */
  versions: string[];
}

export interface RegistryHealthResponse {
  status: 'ok';
  checks: Record<string, 'ok'>;
}
