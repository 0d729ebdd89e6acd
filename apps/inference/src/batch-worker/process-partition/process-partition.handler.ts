import { BATCH_LIMITS, BatchPartitionTask, ErrorCode, FailedRowDto, LlmopsError } from '@llmops/contract';
import { TabularRow } from '@llmops/pipeline';
import { inSpan, LlmCall, llmSpanAttributes, setLlmOutcome } from '@llmops/observability';
import { BatchModels, BatchReports, BatchSummary, DatasetRows, PartitionFiles } from '../ports/batch-ports';

/** One delivery of a partition task, as the work queue handed it over. */
export interface PartitionDelivery {
  task: BatchPartitionTask;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** Tells the queue the task is still being worked on (throttled by the caller). */
  heartbeat(): void;
  /** True once the worker was stopped hard: stop, report nothing, ack nothing. */
  abandoned(): boolean;
  /**
   * Called once the rows are summarized, before the Parquet file is written and the report waits
   * for the commit: the caller may start on its next partition meanwhile (that tail is I/O and
   * another process's commit, not this thread's work).
   */
  summarized?(): void;
}

export type PartitionOutcome =
  | { kind: 'completed'; committed: boolean; rowsWritten: number; failedRowIds: string[] }
  | { kind: 'dead-lettered'; error: string }
  /** Deliver again later (after `delayMs`). */
  | { kind: 'retry'; error: string; delayMs: number }
  /** The worker was stopped hard mid-partition: leave the task to its ack wait. */
  | { kind: 'abandoned' };

export interface ProcessPartitionOptions {
  workerId: string;
  /** How long reports are retried while the orchestrator does not answer. */
  reportRetryMs: number;
  /** Share of rows (0..1) recorded as LLM traces under their partition's span. */
  rowTraceSample?: number;
  /** Characters of a row's text an LLM trace keeps. */
  tracePreviewChars?: number;
}

const TRANSIENT: string[] = [ErrorCode.TEMPORARILY_UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED];

class Abandoned extends Error {}

/**
 * Works one partition: read its rows, summarize each with the job's pinned model (a row that
 * fails is recorded with its error, the others go on), write one Parquet data file into the
 * table and report its `add` action to the orchestrator, which commits it. The caller acks only
 * after the report was accepted, so a crash anywhere before means a redelivery, and the
 * orchestrator's txn-guarded commit makes the redelivery's report a no-op if it had landed.
 */
export class ProcessPartitionHandler {
  constructor(
    private readonly rowsOf: DatasetRows,
    private readonly models: BatchModels,
    private readonly files: PartitionFiles,
    private readonly reports: BatchReports,
    private readonly options: ProcessPartitionOptions,
  ) {}

  async execute(delivery: PartitionDelivery): Promise<PartitionOutcome> {
    const { task, deliveryCount } = delivery;
    if (deliveryCount > task.maxDeliver) {
      // The previous delivery vanished (worker killed, or it outlived its ack wait) on the last try.
      return this.deadLetter(
        delivery,
        `gave up after ${task.maxDeliver} deliveries: the last one was lost (worker stopped or timed out)`,
      );
    }
    try {
      return await this.process(delivery);
    } catch (error) {
      if (error instanceof Abandoned) return { kind: 'abandoned' };
      const message = errorText(error);
      if (deliveryCount >= task.maxDeliver) return this.deadLetter(delivery, message);
      return { kind: 'retry', error: message, delayMs: Math.min(30_000, 1000 * 2 ** (deliveryCount - 1)) };
    }
  }

  private async process(delivery: PartitionDelivery): Promise<PartitionOutcome> {
    const { task } = delivery;
    const check = () => {
      if (delivery.abandoned()) throw new Abandoned();
    };
    // Our own array: its rows are let go one by one below (the port's array is not ours to change).
    const rows: Array<TabularRow | undefined> = [...(await this.rowsOf.read(task))];
    if (rows.length !== task.endRow - task.startRow) {
      throw new Error(
        `dataset ${task.datasetUri} has ${rows.length} rows in [${task.startRow}, ${task.endRow}): it changed since the job was planned`,
      );
    }
    check();
    const model = await this.models.acquire(task.model.modelUri);
    const output: Record<string, unknown>[] = [];
    const failedRows: FailedRowDto[] = [];
    const started = performance.now();
    try {
      for (let i = 0; i < rows.length; i++) {
        check();
        delivery.heartbeat();
        const row = rows[i]!;
        // Let go of the input row once it is used: a row dropped young is collected by a cheap
        // scavenge instead of being promoted with the rest of the partition (GC was 12-13 % of a
        // worker's CPU, against 6 % in the bare loop).
        rows[i] = undefined;
        const id = idOf(row[task.idColumn], task.startRow + i);
        const text = row[task.textColumn];
        if (typeof text !== 'string' || !/\S/.test(text)) {
          failedRows.push({ id, error: `column ${task.textColumn} holds no text` });
          continue;
        }
        const refusal = rowRefusal(task, row, id);
        if (refusal) {
          failedRows.push({
            id: id.length > BATCH_LIMITS.maxIdBytes ? `row-${task.startRow + i}` : id,
            error: refusal,
          });
          continue;
        }
        try {
          const result = await this.summarizeRow(model, text, task, id);
          output.push(outputRow(task, task.startRow + i, id, result.summary, result.latencyMs, row));
        } catch (error) {
          failedRows.push({ id, error: errorText(error) });
        }
      }
    } finally {
      model.release();
    }
    const summarizeMs = performance.now() - started;
    delivery.summarized?.();
    check();
    const add = output.length > 0 ? await this.files.write(task.outputTable, output, task.jobId) : null;
    check();
    const answer = await this.withRetry(delivery, () =>
      this.reports.complete({
        jobId: task.jobId,
        partition: task.partition,
        add,
        rowsWritten: output.length,
        failedRows,
        deliveries: delivery.deliveryCount,
        workerId: this.options.workerId,
        summarizeMs,
      }),
    );
    return {
      kind: 'completed',
      committed: answer.committed,
      rowsWritten: output.length,
      failedRowIds: failedRows.map((r) => r.id),
    };
  }

  /** A sampled row is an LLM span (as an interactive summary is); the others cost nothing extra. */
  private summarizeRow(
    model: { summarize(text: string): Promise<BatchSummary> },
    text: string,
    task: BatchPartitionTask,
    id: string,
  ) {
    const rate = this.options.rowTraceSample ?? 0;
    if (rate <= 0 || Math.random() >= rate) return model.summarize(text);
    const call: LlmCall = {
      articles: [text],
      modelUri: task.model.modelUri,
      modelName: task.model.name,
      modelVersion: task.model.version,
      replica: this.options.workerId,
      previewChars: this.options.tracePreviewChars ?? 2_000,
    };
    return inSpan('summarize', { ...llmSpanAttributes(call), 'llmops.batch.row_id': id }, async (span) => {
      const result = await model.summarize(text);
      setLlmOutcome(span, {
        ...call,
        summaries: [result.summary],
        tokensIn: result.tokensIn,
        tokensOut: result.tokensOut,
        truncated: result.truncated,
        latencyMs: result.latencyMs,
      });
      return result;
    });
  }

  private async deadLetter(delivery: PartitionDelivery, error: string): Promise<PartitionOutcome> {
    try {
      await this.withRetry(delivery, () =>
        this.reports.deadLetter({
          jobId: delivery.task.jobId,
          partition: delivery.task.partition,
          error,
          deliveries: delivery.deliveryCount,
          workerId: this.options.workerId,
        }),
      );
    } catch (reportError) {
      if (reportError instanceof Abandoned) return { kind: 'abandoned' };
      // Keep the task: its next delivery tries the dead-letter report again.
      return { kind: 'retry', error: `dead-letter report failed: ${errorText(reportError)}`, delayMs: 5_000 };
    }
    return { kind: 'dead-lettered', error };
  }

  /** Retries a report while the orchestrator is unreachable (e.g. restarting), heartbeating the task. */
  private async withRetry<T>(delivery: PartitionDelivery, call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.options.reportRetryMs;
    for (let attempt = 0; ; attempt++) {
      if (delivery.abandoned()) throw new Abandoned();
      try {
        return await call();
      } catch (error) {
        const transient = error instanceof LlmopsError && TRANSIENT.includes(error.code);
        if (!transient || Date.now() >= deadline) throw error;
        delivery.heartbeat();
        await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)));
      }
    }
  }
}

/**
 * Why a row is not written (its id or a kept value too large, or a kept value that is raw bytes):
 * kept columns carry lineage next to the summary, never a copy of large or binary data. The
 * reason names sizes and columns, never the values.
 */
function rowRefusal(task: BatchPartitionTask, row: TabularRow, id: string): string | undefined {
  if (Buffer.byteLength(id) > BATCH_LIMITS.maxIdBytes) {
    return `column ${task.idColumn} holds ${Buffer.byteLength(id)} bytes, over the ${BATCH_LIMITS.maxIdBytes}-byte limit of ids`;
  }
  for (const column of task.keepColumns) {
    const value = row[column];
    if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `kept column ${column} holds binary data`;
    const kept = keptValue(value);
    const bytes = kept === null ? 0 : Buffer.byteLength(kept);
    if (bytes > BATCH_LIMITS.maxKeptValueBytes) {
      return `kept column ${column} holds ${bytes} bytes, over the ${BATCH_LIMITS.maxKeptValueBytes}-byte limit`;
    }
  }
  return undefined;
}

function idOf(value: unknown, rowIndex: number): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return `row-${rowIndex}`;
}

function keptValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : String(value);
}

function outputRow(
  task: BatchPartitionTask,
  rowIndex: number,
  id: string,
  summary: string,
  latencyMs: number,
  input: TabularRow,
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    job_id: task.jobId,
    partition: task.partition,
    row_index: rowIndex,
    article_id: id,
    summary,
    model_name: task.model.name,
    model_version: task.model.version,
    model_uri: task.model.modelUri,
    model_run_id: task.model.runId || null,
    latency_ms: latencyMs,
    created_at: new Date(),
  };
  for (const column of task.keepColumns) row[column] = keptValue(input[column]);
  return row;
}

function errorText(error: unknown): string {
  if (error instanceof LlmopsError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
