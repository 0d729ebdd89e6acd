import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { BATCH_LIMITS, BATCH_WORK_QUEUE } from '@llmops/contract';
import { SplitSizing } from '@llmops/pipeline';
import { AUTO_PARTITION_MAX_BYTES, autoPartitionSize } from './jobs/domain/partition-sizing';

/** Environment of the batch orchestrator (see loadConfig). */
export class BatchOrchestratorConfig {
  @IsIn(['nats', 'in-process'])
  TRANSPORT: 'nats' | 'in-process' = 'nats';

  @IsString()
  NATS_URL = 'nats://127.0.0.1:4222';

  /** `postgres://...` (services) or `pglite:///dir` (embedded). */
  @IsString()
  DATABASE_URL = 'pglite://memory';

  /**
   * Rows per partition when a job does not say: `auto` sizes them from the dataset's bytes (see
   * partition-sizing.ts: about BATCH_TARGET_PARTITIONS partitions of BATCH_MIN_PARTITION_BYTES to
   * 16 MiB each), a number fixes them.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value,
  )
  @ValidateIf((config: BatchOrchestratorConfig) => config.BATCH_DEFAULT_PARTITION_SIZE !== 'auto')
  @IsInt({ message: 'BATCH_DEFAULT_PARTITION_SIZE must be auto or a whole number of rows' })
  @Min(1)
  @Max(BATCH_LIMITS.maxPartitionSize)
  BATCH_DEFAULT_PARTITION_SIZE: number | 'auto' = 'auto';

  /** `auto` partition sizes aim for this many partitions (raise it with many worker replicas). */
  @IsInt()
  @Min(1)
  @Max(BATCH_LIMITS.maxPartitions)
  BATCH_TARGET_PARTITIONS: number = 16;

  /** `auto` partitions hold at least this many bytes (each costs a commit; the default is 3 MiB). */
  @IsInt()
  @Min(1024)
  BATCH_MIN_PARTITION_BYTES: number = 3 * 1024 * 1024;

  /**
   * A JSONL/CSV partition is also cut at this many bytes, whatever its row count: a worker holds
   * one partition's bytes and rows at a time, so this bounds its memory on datasets of long rows.
   */
  @IsInt()
  @Min(1024)
  BATCH_MAX_PARTITION_BYTES: number = 64 * 1024 * 1024;

  @IsInt()
  @Min(1)
  @Max(100)
  BATCH_DEFAULT_MAX_DELIVER: number = BATCH_LIMITS.defaultMaxDeliver;

  /** A partition task not acked (nor heartbeated) within this is redelivered to another worker. */
  @IsInt()
  @Min(1000)
  BATCH_ACK_WAIT_MS: number = 60_000;

  @IsString()
  BATCH_QUEUE_STREAM: string = BATCH_WORK_QUEUE.stream;

  @IsString()
  BATCH_QUEUE_SUBJECT: string = BATCH_WORK_QUEUE.subject;

  @IsString()
  BATCH_QUEUE_CONSUMER: string = BATCH_WORK_QUEUE.consumer;

  /**
   * Datasets and tables live under `<LLMOPS_DATA_DIR>/datasets` and `<LLMOPS_DATA_DIR>/tables`
   * (created if missing); nothing outside the data roots is ever read or written.
   */
  @IsString()
  LLMOPS_DATA_DIR: string = './.llmops';

  /** Extra dataset roots, `mount=/abs/path` comma separated: names `<mount>/...` (validated at boot). */
  @IsOptional()
  @IsString()
  BATCH_DATASET_ROOTS?: string = undefined;

  /** Extra table roots, same syntax. */
  @IsOptional()
  @IsString()
  BATCH_TABLE_ROOTS?: string = undefined;

  /** Default model when a job names neither a URI nor a model (`models:/<name>/Production`). */
  @IsOptional()
  @IsString()
  BATCH_DEFAULT_MODEL_NAME?: string = undefined;

  /** HTTP port of /healthz, /readyz and /metrics (0 picks a free port, logged at start). */
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT: number = 9464;
}

/** Rows per partition for a job that gives none: fixed by configuration, or sized from the dataset. */
export function defaultPartitionSizing(config: BatchOrchestratorConfig): SplitSizing {
  if (config.BATCH_DEFAULT_PARTITION_SIZE !== 'auto') return config.BATCH_DEFAULT_PARTITION_SIZE;
  const policy = {
    targetPartitions: config.BATCH_TARGET_PARTITIONS,
    minPartitionBytes: config.BATCH_MIN_PARTITION_BYTES,
    maxPartitionBytes: Math.min(AUTO_PARTITION_MAX_BYTES, config.BATCH_MAX_PARTITION_BYTES),
  };
  return (sample) => autoPartitionSize(sample, policy);
}
