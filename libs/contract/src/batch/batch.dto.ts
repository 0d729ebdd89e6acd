import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BATCH_JOB_STATES,
  BATCH_LIMITS,
  BATCH_TABLE_LIMITS,
  BatchJobState,
  DATASET_FORMATS,
  DatasetFormat,
} from './batch.types';

export class SubmitBatchJobRequest {
  /**
   * A JSONL, CSV or Parquet dataset: its name under the dataset roots (`news/prod.jsonl`, e.g. an
   * upload), or an absolute path / `file://` URI under a root. Needs READ on the dataset.
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  datasetUri!: string;

  /** Defaults to the file's extension. */
  @IsOptional()
  @IsIn(DATASET_FORMATS)
  datasetFormat?: DatasetFormat;

  /** Any MLflow model URI; `models:/<name>/Production` when only `modelName` is given. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  modelUri?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  modelName?: string;

  /**
   * The Delta table to append to: its name under the table roots (`news_summaries`), or an
   * absolute path / `file://` URI under a root. Created (the caller gets MANAGE) or appended to
   * (needs EDIT).
   */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  outputTable!: string;

  /** Rows per partition; without it the orchestrator sizes them from the dataset (see docs/batch.md). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BATCH_LIMITS.maxPartitionSize)
  partitionSize?: number;

  /** Input columns copied to the output next to the summary. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BATCH_LIMITS.maxKeepColumns)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  keepColumns?: string[];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  idColumn?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  textColumn?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxDeliver?: number;
}

export class GetBatchJobRequest {
  @IsString()
  @IsNotEmpty()
  jobId!: string;
}

/** The output table of a job, with a page of its versions (newest first, older than `before`). */
export class DescribeBatchTableRequest {
  @IsString()
  @IsNotEmpty()
  jobId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BATCH_TABLE_LIMITS.maxVersions)
  limit?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  before?: number;
}

/** The first `limit` rows of a job's output table at `version` (default: the latest). */
export class BatchTableRowsRequest {
  @IsString()
  @IsNotEmpty()
  jobId!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(BATCH_TABLE_LIMITS.maxSampleRows)
  limit?: number;
}

export class ListBatchJobsRequest {
  @IsOptional()
  @IsIn(BATCH_JOB_STATES)
  state?: BatchJobState;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class PartitionRefDto {
  @IsString()
  @IsNotEmpty()
  jobId!: string;

  @IsInt()
  @Min(0)
  partition!: number;
}

export class FailedRowDto {
  @IsString()
  id!: string;

  @IsString()
  error!: string;
}

export class CompletePartitionRequest extends PartitionRefDto {
  /** The Delta `add` action of the data file the worker wrote; null when every row failed. */
  @IsOptional()
  @IsObject()
  add?: Record<string, unknown> | null;

  @IsInt()
  @Min(0)
  rowsWritten!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FailedRowDto)
  failedRows!: FailedRowDto[];

  @IsInt()
  @Min(1)
  deliveries!: number;

  @IsString()
  workerId!: string;

  /** Time spent summarizing (for the orchestration-overhead figure). */
  @IsNumber()
  @Min(0)
  summarizeMs!: number;
}

export class DeadLetterPartitionRequest extends PartitionRefDto {
  @IsString()
  error!: string;

  @IsInt()
  @Min(1)
  deliveries!: number;

  @IsString()
  workerId!: string;
}

/** Dataset and table names: checked by the orchestrator's location resolver (`@llmops/data-locations`). */
export class DatasetNameRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  name!: string;
}

/** Publishes an upload the gateway staged (`upload` is the staged file's id) under `name`. */
export class CreateDatasetRequest extends DatasetNameRequest {
  @IsString()
  @Matches(/^[0-9a-f]{32}$/)
  upload!: string;

  /** From the upload's content type; else from the name's extension. */
  @IsOptional()
  @IsIn(DATASET_FORMATS)
  format?: DatasetFormat;
}

export class ListDatasetsRequest {
  /** Only names starting with this. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  prefix?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class TableNameRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  name!: string;
}

export class ListTablesRequest {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
