import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BATCH_LIMITS,
  BUILTIN_EXTRACTIVE_MODEL_URI,
  BATCH_OUTPUT_COLUMNS,
  BatchJobDetailView,
  DatasetFormat,
  InvalidParameterError,
  parseModelUri,
  SubmitBatchJobRequest,
} from '@llmops/contract';
import { WorkQueue, WorkQueueSpec } from '@llmops/messaging';
import { BatchOrchestratorConfig } from '../../batch-orchestrator.config';
import { BATCH_ORCHESTRATOR_CONFIG } from '../../batch-orchestrator.tokens';
import { DatasetInspector } from '../../datasets/dataset-inspector';
import { datasetPath, formatOf } from '@llmops/pipeline';
import { ModelResolver } from '../../models/model-resolver';
import { OutputTables } from '../../output-table/output-tables';
import { toJobDetailView } from '../batch-job.view';
import { BatchJob, BatchPartition, planPartitions } from '../domain/batch-job';
import { BatchJobRepository } from '../domain/batch-job.repository';
import { BATCH_QUEUE_SPEC, publishPartitions } from '../task-queue';

/**
 * Validates a job, pins its model, prepares the output table, records the job with its planned
 * partitions and fans the partitions out. Everything that can be refused is checked before
 * anything is created.
 */
@Injectable()
export class SubmitJobHandler {
  private readonly logger = new Logger('SubmitBatchJob');

  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly datasets: DatasetInspector,
    private readonly models: ModelResolver,
    private readonly tables: OutputTables,
    private readonly queue: WorkQueue,
    @Inject(BATCH_QUEUE_SPEC) private readonly queueSpec: WorkQueueSpec,
    @Inject(BATCH_ORCHESTRATOR_CONFIG) private readonly config: BatchOrchestratorConfig,
  ) {}

  async execute(request: SubmitBatchJobRequest): Promise<BatchJobDetailView> {
    const requestedModel = this.modelUriOf(request);
    const path = datasetPath(request.datasetUri);
    const format: DatasetFormat | null = request.datasetFormat ?? formatOf(path);
    if (!format) {
      throw new InvalidParameterError(
        `cannot tell the format of ${request.datasetUri}: name it .jsonl, .csv or .parquet, or set datasetFormat`,
      );
    }
    const idColumn = request.idColumn ?? 'id';
    const textColumn = request.textColumn ?? 'article';
    const keepColumns = [...new Set(request.keepColumns ?? [])];
    const clashes = keepColumns.filter((c) =>
      BATCH_OUTPUT_COLUMNS.some((o) => o.name.toLowerCase() === c.toLowerCase()),
    );
    if (clashes.length > 0) {
      throw new InvalidParameterError(`keepColumns ${clashes.join(', ')} clash with output columns of the same name`);
    }
    const partitionSize = request.partitionSize ?? this.config.BATCH_DEFAULT_PARTITION_SIZE;
    const shape = await this.datasets.inspect(path, format);
    if (shape.rowCount === 0) throw new InvalidParameterError(`dataset ${request.datasetUri} has no rows`);
    const missing = [idColumn, textColumn, ...keepColumns].filter((c) => !shape.columns.includes(c));
    if (missing.length > 0) {
      throw new InvalidParameterError(
        `dataset ${request.datasetUri} has no column(s) ${missing.join(', ')} (it has ${shape.columns.join(', ')})`,
      );
    }
    const totalPartitions = Math.ceil(shape.rowCount / partitionSize);
    if (totalPartitions > BATCH_LIMITS.maxPartitions) {
      throw new InvalidParameterError(
        `${totalPartitions} partitions is more than ${BATCH_LIMITS.maxPartitions}: raise partitionSize`,
      );
    }

    const model = await this.models.resolve(requestedModel);
    await this.tables.prepare(request.outputTable, keepColumns);

    const job: BatchJob = {
      id: randomUUID().replace(/-/g, ''),
      state: 'RUNNING',
      datasetUri: path,
      datasetFormat: format,
      idColumn,
      textColumn,
      keepColumns,
      outputTable: request.outputTable,
      partitionSize,
      maxDeliver: request.maxDeliver ?? this.config.BATCH_DEFAULT_MAX_DELIVER,
      model,
      totalRows: shape.rowCount,
      totalPartitions,
      partitionsDone: 0,
      partitionsDeadLettered: 0,
      rowsWritten: 0,
      rowsFailed: 0,
      createdAt: new Date(),
      finishedAt: null,
      error: null,
    };
    const partitions: BatchPartition[] = planPartitions(job.id, shape.rowCount, partitionSize).map((p) => ({
      ...p,
      state: 'PENDING',
      rowsWritten: 0,
      failedRows: [],
      deliveries: 0,
      tableVersion: null,
      error: null,
      workerId: null,
      summarizeMs: null,
      commitMs: null,
      settledAt: null,
    }));
    await this.jobs.create(job, partitions);
    await this.queue.ensure(this.queueSpec);
    // A crash past this point leaves pending partitions that the restarted orchestrator republishes.
    await publishPartitions(this.queue, this.queueSpec, job, partitions);
    this.logger.log(
      `job ${job.id}: ${shape.rowCount} rows in ${totalPartitions} partitions with ${model.modelUri} -> ${job.outputTable}`,
    );
    return toJobDetailView(job, partitions);
  }

  private modelUriOf(request: SubmitBatchJobRequest): string {
    const name = request.modelName ?? this.config.BATCH_DEFAULT_MODEL_NAME;
    const uri = request.modelUri ?? (name ? `models:/${name}/Production` : undefined);
    if (!uri) throw new InvalidParameterError('a batch job needs modelUri or modelName');
    if (request.modelUri && request.modelName) {
      throw new InvalidParameterError('give modelUri or modelName, not both');
    }
    if (uri !== BUILTIN_EXTRACTIVE_MODEL_URI) parseModelUri(uri);
    return uri;
  }
}
