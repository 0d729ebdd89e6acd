import {
  BatchAddAction,
  BatchPartitionTask,
  CompletePartitionRequest,
  CompletePartitionResponse,
  DeadLetterPartitionRequest,
} from '@llmops/contract';

export interface BatchSummary {
  summary: string;
  latencyMs: number;
  /** What the model reports, for a sampled row's trace. */
  tokensIn?: number;
  tokensOut?: number;
  truncated?: boolean;
}

/** A loaded model for the duration of one partition. */
export interface LeasedModel {
  summarize(article: string): Promise<BatchSummary>;
  release(): void;
}

/** A partition's rows, read from its dataset under the worker's own dataset roots. */
export abstract class DatasetRows {
  abstract read(task: BatchPartitionTask): Promise<Record<string, unknown>[]>;
}

/** Where the worker gets the job's pinned model (the replica's model cache). */
export abstract class BatchModels {
  abstract acquire(modelUri: string): Promise<LeasedModel>;
}

/** Writes a partition's output rows as one data file of the job's Delta table, uncommitted. */
export abstract class PartitionFiles {
  /** `tableName` is resolved under the worker's own table roots. */
  abstract write(tableName: string, rows: Record<string, unknown>[], jobId: string): Promise<BatchAddAction>;
}

/** The orchestrator, as the worker reports to it. */
export abstract class BatchReports {
  abstract complete(report: CompletePartitionRequest): Promise<CompletePartitionResponse>;
  abstract deadLetter(report: DeadLetterPartitionRequest): Promise<{ deadLettered: boolean }>;
}
