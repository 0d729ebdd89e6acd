import { DynamicModule, Module } from '@nestjs/common';
import { loadConfig } from '@llmops/config';
import {
  NATS_CONNECTION,
  RpcClient,
  TRANSPORT_CONFIG,
  TransportConfig,
  WorkQueue,
  WorkQueueSpec,
  workQueueFor,
} from '@llmops/messaging';
import { NatsConnection } from 'nats';
import { ModelCache } from '../model-cache/model-cache';
import { BatchWorkerConfig } from './batch-worker.config';
import { BatchWorkerService } from './batch-worker.service';
import { BATCH_WORKER_CONFIG, BATCH_WORKER_QUEUE_SPEC } from './batch-worker.tokens';
import { DataLocations, LocalDataLocations } from '@llmops/data-locations';
import { DeltaPartitionFiles } from './infra/delta-partition.files';
import { LocalDatasetRows } from './infra/local-dataset.rows';
import { ModelCacheBatchModels } from './infra/model-cache.batch-models';
import { RpcBatchReports } from './infra/rpc-batch.reports';
import { BatchModels, BatchReports, DatasetRows, PartitionFiles } from './ports/batch-ports';
import { ProcessPartitionHandler } from './process-partition/process-partition.handler';

/**
 * Must stay above any job's `maxDeliver` (at most 100): the worker dead-letters a task itself, with
 * its error, on the delivery past the job's budget (as the orchestrator's BROKER_MAX_DELIVER).
 */
const BROKER_MAX_DELIVER = 101;

export function batchWorkerQueueSpec(config: BatchWorkerConfig): WorkQueueSpec {
  return {
    name: config.BATCH_QUEUE_STREAM,
    subject: config.BATCH_QUEUE_SUBJECT,
    consumer: config.BATCH_QUEUE_CONSUMER,
    ackWaitMs: config.BATCH_ACK_WAIT_MS,
    maxDeliver: BROKER_MAX_DELIVER,
  };
}

/**
 * The batch worker of an inference replica. Needs `MessagingModule` and `ModelCache` (the
 * inference app's global model cache) in the same application; the config comes from the
 * environment unless given.
 */
@Module({})
export class BatchWorkerModule {
  static forRoot(config: BatchWorkerConfig = loadConfig(BatchWorkerConfig)): DynamicModule {
    return {
      module: BatchWorkerModule,
      providers: [
        { provide: BATCH_WORKER_CONFIG, useValue: config },
        { provide: BATCH_WORKER_QUEUE_SPEC, useValue: batchWorkerQueueSpec(config) },
        {
          provide: WorkQueue,
          inject: [TRANSPORT_CONFIG, NATS_CONNECTION],
          useFactory: (transport: TransportConfig, connection: NatsConnection | null) =>
            workQueueFor(transport, connection),
        },
        {
          provide: BatchModels,
          inject: [ModelCache],
          useFactory: (cache: ModelCache) => new ModelCacheBatchModels(cache),
        },
        {
          // Validated at boot, like the orchestrator's.
          provide: DataLocations,
          useFactory: () =>
            LocalDataLocations.open({
              dataDir: config.LLMOPS_DATA_DIR,
              datasetRoots: config.BATCH_DATASET_ROOTS,
              tableRoots: config.BATCH_TABLE_ROOTS,
            }),
        },
        {
          provide: DatasetRows,
          inject: [DataLocations],
          useFactory: (locations: DataLocations) => new LocalDatasetRows(locations),
        },
        {
          provide: PartitionFiles,
          inject: [DataLocations],
          useFactory: (locations: DataLocations) => new DeltaPartitionFiles(locations),
        },
        {
          provide: BatchReports,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) => new RpcBatchReports(rpc, config.BATCH_REPORT_TIMEOUT_MS),
        },
        {
          provide: ProcessPartitionHandler,
          inject: [DatasetRows, BatchModels, PartitionFiles, BatchReports],
          useFactory: (rows: DatasetRows, models: BatchModels, files: PartitionFiles, reports: BatchReports) =>
            new ProcessPartitionHandler(rows, models, files, reports, {
              workerId: config.BATCH_WORKER_ID,
              reportRetryMs: config.BATCH_REPORT_RETRY_MS,
              rowTraceSample: config.BATCH_TRACE_SAMPLE_RATE,
              tracePreviewChars: config.LLM_TRACE_PREVIEW_CHARS,
            }),
        },
        BatchWorkerService,
      ],
      exports: [BatchWorkerService],
    };
  }
}
