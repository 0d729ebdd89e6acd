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
  ResourceNotFoundError,
  SubmitBatchJobRequest,
} from '@llmops/contract';
import { DataLocations } from '@llmops/data-locations';
import { WorkQueue, WorkQueueSpec } from '@llmops/messaging';
import { formatOf } from '@llmops/pipeline';
import { BatchAccess, BatchCaller } from '../../access/batch-access';
import { BatchOrchestratorConfig, defaultPartitionSizing } from '../../batch-orchestrator.config';
import { BATCH_ORCHESTRATOR_CONFIG } from '../../batch-orchestrator.tokens';
import { DatasetInspector } from '../../datasets/dataset-inspector';
import { DatasetRepository } from '../../datasets/domain/dataset-record';
import { ModelResolver } from '../../models/model-resolver';
import { TableClaims } from '../../tables/table-claims';
import { toJobDetailView } from '../batch-job.view';
import { BatchJob, BatchPartition, planPartitions } from '../domain/batch-job';
import { BatchJobRepository } from '../domain/batch-job.repository';
import { BATCH_QUEUE_SPEC, publishPartitions } from '../task-queue';

/**
 * Validates a job, pins its model, prepares the output table, records the job with its planned
 * partitions and fans the partitions out. Everything that can be refused is checked before
 * anything is created. The dataset and the table are named by the location resolver first (only
 * names under the data roots exist for a job), and every permission is checked on those names.
 */
@Injectable()
export class SubmitJobHandler {
  private readonly logger = new Logger('SubmitBatchJob');

  constructor(
    private readonly jobs: BatchJobRepository,
    private readonly locations: DataLocations,
    private readonly datasets: DatasetInspector,
    private readonly datasetRecords: DatasetRepository,
    private readonly models: ModelResolver,
    private readonly tables: TableClaims,
    private readonly access: BatchAccess,
    private readonly queue: WorkQueue,
    @Inject(BATCH_QUEUE_SPEC) private readonly queueSpec: WorkQueueSpec,
    @Inject(BATCH_ORCHESTRATOR_CONFIG) private readonly config: BatchOrchestratorConfig,
  ) {}

  async execute(request: SubmitBatchJobRequest, caller?: BatchCaller): Promise<BatchJobDetailView> {
    const requestedModel = this.modelUriOf(request);
    const dataset = this.locations.nameOf('dataset', request.datasetUri);
    const table = this.locations.nameOf('table', request.outputTable);
    const idColumn = request.idColumn ?? 'id';
    const textColumn = request.textColumn ?? 'article';
    const keepColumns = [...new Set(request.keepColumns ?? [])];
    const clashes = keepColumns.filter((c) =>
      BATCH_OUTPUT_COLUMNS.some((o) => o.name.toLowerCase() === c.toLowerCase()),
    );
    if (clashes.length > 0) {
      throw new InvalidParameterError(`keepColumns ${clashes.join(', ')} clash with output columns of the same name`);
    }
    const sizing = request.partitionSize ?? defaultPartitionSizing(this.config);

    // Permission before the disk: without READ, whether the dataset exists is not the caller's to learn.
    await this.access.require(caller, 'dataset', dataset, 'READ');
    const format = await this.formatOf(dataset, request.datasetFormat);
    const shape = await this.datasets
      .inspect(dataset, format, {
        rowsPerPartition: sizing,
        maxPartitionBytes: this.config.BATCH_MAX_PARTITION_BYTES,
        maxPartitions: BATCH_LIMITS.maxPartitions,
      })
      .catch((error: unknown) => {
        // A job naming a dataset that is not there is a bad parameter of the job.
        if (error instanceof ResourceNotFoundError) throw new InvalidParameterError(error.message, { cause: error });
        throw error;
      });
    if (shape.rowCount === 0) throw new InvalidParameterError(`dataset ${dataset} has no rows`);
    // Column names are never listed back: a header line is the file's content.
    const missing = [idColumn, textColumn, ...keepColumns].filter((c) => !shape.columns.includes(c));
    if (missing.length > 0) {
      throw new InvalidParameterError(`dataset ${dataset} has no column(s) ${missing.join(', ')}`);
    }
    const binary = keepColumns.filter((c) => shape.binaryColumns.includes(c));
    if (binary.length > 0) {
      throw new InvalidParameterError(`keepColumns ${binary.join(', ')} hold binary data, which is never copied`);
    }
    const totalPartitions = shape.splits.length;
    if (totalPartitions > BATCH_LIMITS.maxPartitions) {
      throw new InvalidParameterError(
        `${totalPartitions} partitions is more than ${BATCH_LIMITS.maxPartitions}: raise partitionSize`,
      );
    }

    // The gateway checks the model the request names; this covers the configured default too, and
    // comes before resolving it (whether a model has a Production version is not for everyone).
    const modelName = modelNameOf(requestedModel);
    if (modelName !== null) await this.access.require(caller, 'registered_model', modelName, 'READ');
    const model = await this.models.resolve(requestedModel);
    await this.tables.prepareForJob(caller, table, keepColumns);

    const job: BatchJob = {
      id: randomUUID().replace(/-/g, ''),
      state: 'RUNNING',
      owner: caller?.user ?? null,
      datasetUri: dataset,
      datasetFormat: format,
      idColumn,
      textColumn,
      keepColumns,
      outputTable: table,
      partitionSize: shape.rowsPerPartition,
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
    const partitions: BatchPartition[] = planPartitions(job.id, shape.splits).map((p) => ({
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
      `job ${job.id} of ${job.owner ?? 'a service'}: ${shape.rowCount} rows of ${dataset} in ${totalPartitions} partitions with ${model.modelUri} -> ${table}`,
    );
    return toJobDetailView(job, partitions);
  }

  /** The declared format, the uploaded one (they must agree), or the name's extension. */
  private async formatOf(dataset: string, declared: DatasetFormat | undefined): Promise<DatasetFormat> {
    const recorded = (await this.datasetRecords.get(dataset))?.format;
    if (declared && recorded && declared !== recorded) {
      throw new InvalidParameterError(`dataset ${dataset} was uploaded as ${recorded}, not ${declared}`);
    }
    const format = declared ?? recorded ?? formatOf(dataset);
    if (!format) {
      throw new InvalidParameterError(
        `cannot tell the format of ${dataset}: name it .jsonl, .csv or .parquet, or set datasetFormat`,
      );
    }
    return format;
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

/**
 * The registered model a `models:/` URI names (null for `runs:/`, MLflow 3's `models:/<model_id>`
 * and the built-in model: the gateway checks those on their experiment, and the default is a name).
 */
function modelNameOf(uri: string): string | null {
  if (uri === BUILTIN_EXTRACTIVE_MODEL_URI) return null;
  const parsed = parseModelUri(uri);
  return parsed.kind === 'run' || parsed.kind === 'logged-model' ? null : parsed.name;
}
