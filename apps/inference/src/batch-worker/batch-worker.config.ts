import { hostname } from 'node:os';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { BATCH_WORK_QUEUE } from '@llmops/contract';

/** Environment of the batch worker that runs inside every inference replica (see loadConfig). */
export class BatchWorkerConfig {
  /** Turns the worker off in replicas that should only serve online requests. */
  @IsIn(['true', 'false'])
  BATCH_WORKER_ENABLED: 'true' | 'false' = 'true';

  /** Partition tasks a replica works on at once (one per core the replica may use). */
  @IsInt()
  @Min(1)
  @Max(64)
  BATCH_WORKER_CONCURRENCY = 1;

  /** The orchestrator's (it creates the consumer with it): the worker heartbeats at a quarter of it. */
  @IsInt()
  @Min(1000)
  BATCH_ACK_WAIT_MS = 60_000;

  @IsString()
  BATCH_QUEUE_STREAM: string = BATCH_WORK_QUEUE.stream;

  @IsString()
  BATCH_QUEUE_SUBJECT: string = BATCH_WORK_QUEUE.subject;

  @IsString()
  BATCH_QUEUE_CONSUMER: string = BATCH_WORK_QUEUE.consumer;

  /** How long one pull waits for a task before pulling again. */
  @IsInt()
  @Min(1000)
  BATCH_FETCH_WAIT_MS = 5_000;

  /** How long a partition's report to the orchestrator is retried (the orchestrator may be restarting). */
  @IsInt()
  @Min(0)
  BATCH_REPORT_RETRY_MS = 300_000;

  /** How long one report waits for the orchestrator's answer before it is sent again (idempotent). */
  @IsInt()
  @Min(1000)
  BATCH_REPORT_TIMEOUT_MS = 20_000;

  @IsString()
  BATCH_WORKER_ID = `${hostname()}:${process.pid}`;

  /** Share of batch rows (0..1) recorded as LLM traces, under their partition's span. */
  @IsNumber()
  @Min(0)
  @Max(1)
  BATCH_TRACE_SAMPLE_RATE: number = 0.01;

  /** Characters of a row's text an LLM trace keeps (the rest is cut to a preview). */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  LLM_TRACE_PREVIEW_CHARS: number = 2_000;

  /** The data roots, as the orchestrator's (same paths): tasks name datasets and tables under them. */
  @IsString()
  LLMOPS_DATA_DIR = './.llmops';

  @IsOptional()
  @IsString()
  BATCH_DATASET_ROOTS?: string = undefined;

  @IsOptional()
  @IsString()
  BATCH_TABLE_ROOTS?: string = undefined;
}
