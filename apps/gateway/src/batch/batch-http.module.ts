import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config';
import { ServiceClient } from '../services/service-client';
import { BatchEventStream } from './batch-event-stream';
import { BatchJobsController } from './batch-jobs.controller';
import { DATASET_UPLOAD_OPTIONS, DatasetUploads } from './dataset-uploads';
import { DatasetsController } from './datasets.controller';
import { TablesController } from './tables.controller';

/**
 * `/api/v1/batch-jobs` (submit, get, list, an SSE progress stream), `/api/v1/datasets` (uploads,
 * staged here and published by the orchestrator) and `/api/v1/tables`, forwarded to the orchestrator.
 */
@Module({})
export class BatchHttpModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: BatchHttpModule,
      controllers: [BatchJobsController, DatasetsController, TablesController],
      providers: [
        ServiceClient,
        BatchEventStream,
        {
          provide: DATASET_UPLOAD_OPTIONS,
          useValue: { dataDir: config.LLMOPS_DATA_DIR, limitBytes: config.DATASET_UPLOAD_LIMIT_BYTES },
        },
        DatasetUploads,
      ],
    };
  }
}
