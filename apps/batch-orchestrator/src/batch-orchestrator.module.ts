import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import {
  MessagingModule,
  NATS_CONNECTION,
  RpcClient,
  TransportConfig,
  WorkQueue,
  WorkQueueSpec,
  workQueueFor,
} from '@llmops/messaging';
import { openDataSource } from '@llmops/persistence';
import { authEnabled, callerGuardProvider, readWriteRule } from '@llmops/authz';
import { DataLocations, LocalDataLocations } from '@llmops/data-locations';
import { BatchAccess } from './access/batch-access';
import { BatchPermissions, NoBatchPermissions } from './access/batch-permissions';
import { IdentityBatchPermissions } from './access/identity-batch.permissions';
import { CreateDatasetHandler } from './datasets/create-dataset/create-dataset.handler';
import { CreateDatasetMessageController } from './datasets/create-dataset/create-dataset.message.controller';
import { DeleteDatasetHandler } from './datasets/delete-dataset/delete-dataset.handler';
import { DeleteDatasetMessageController } from './datasets/delete-dataset/delete-dataset.message.controller';
import { DatasetRepository } from './datasets/domain/dataset-record';
import { GetDatasetHandler } from './datasets/get-dataset/get-dataset.handler';
import { GetDatasetMessageController } from './datasets/get-dataset/get-dataset.message.controller';
import { DatasetEntity } from './datasets/infra/dataset.entity';
import { TypeOrmDatasetRepository } from './datasets/infra/typeorm-dataset.repository';
import { ListDatasetsHandler } from './datasets/list-datasets/list-datasets.handler';
import { ListDatasetsMessageController } from './datasets/list-datasets/list-datasets.message.controller';
import { ListJobsHandler } from './jobs/list-jobs/list-jobs.handler';
import { BatchOwners1765000000001 } from './migrations/1765000000001-batch-owners';
import { TableRepository } from './tables/domain/table-record';
import { GetTableHandler } from './tables/get-table/get-table.handler';
import { GetTableMessageController } from './tables/get-table/get-table.message.controller';
import { TableEntity } from './tables/infra/table.entity';
import { TypeOrmTableRepository } from './tables/infra/typeorm-table.repository';
import { ListTablesHandler } from './tables/list-tables/list-tables.handler';
import { ListTablesMessageController } from './tables/list-tables/list-tables.message.controller';
import { TableClaims } from './tables/table-claims';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { BatchOrchestratorConfig } from './batch-orchestrator.config';
import { BATCH_ORCHESTRATOR_CONFIG } from './batch-orchestrator.tokens';
import { DatasetInspector } from './datasets/dataset-inspector';
import { LocalDatasetInspector } from './datasets/local-dataset.inspector';
import { BatchEvents, RpcBatchEvents } from './events/batch-events';
import { HealthMessageController } from './health/health.message.controller';
import { BatchJobRepository } from './jobs/domain/batch-job.repository';
import { GetJobHandler } from './jobs/get-job/get-job.handler';
import { GetJobMessageController } from './jobs/get-job/get-job.message.controller';
import { BatchJobEntity, BatchPartitionEntity } from './jobs/infra/batch-job.entity';
import { TypeOrmBatchJobRepository } from './jobs/infra/typeorm-batch-job.repository';
import { ListJobsMessageController } from './jobs/list-jobs/list-jobs.message.controller';
import { ResumeJobsService } from './jobs/resume-jobs/resume-jobs.service';
import { SubmitJobHandler } from './jobs/submit-job/submit-job.handler';
import { SubmitJobMessageController } from './jobs/submit-job/submit-job.message.controller';
import { BATCH_QUEUE_SPEC, BROKER_MAX_DELIVER } from './jobs/task-queue';
import { InitBatch1764200000000 } from './migrations/1764200000000-init-batch';
import { PartitionBytes1766000000000 } from './migrations/1766000000000-partition-bytes';
import { ModelResolver } from './models/model-resolver';
import { RegistryModelResolver } from './models/registry-model.resolver';
import { DeltaOutputTables } from './output-table/delta-output.tables';
import { OutputTables } from './output-table/output-tables';
import { CompletePartitionHandler } from './partitions/complete-partition/complete-partition.handler';
import { CompletePartitionMessageController } from './partitions/complete-partition/complete-partition.message.controller';
import { DeadLetterPartitionHandler } from './partitions/dead-letter-partition/dead-letter-partition.handler';
import { DeadLetterPartitionMessageController } from './partitions/dead-letter-partition/dead-letter-partition.message.controller';
import { DescribeTableHandler } from './tables/describe-table/describe-table.handler';
import { DescribeTableMessageController } from './tables/describe-table/describe-table.message.controller';
import { DeltaTableReader } from './tables/infra/delta-table.reader';
import { JobOutputTable } from './tables/job-output-table';
import { TableReader } from './tables/table-reader';
import { TableRowsHandler } from './tables/table-rows/table-rows.handler';
import { TableRowsMessageController } from './tables/table-rows/table-rows.message.controller';

export const BATCH_ENTITIES = [BatchJobEntity, BatchPartitionEntity, DatasetEntity, TableEntity];
export const BATCH_MIGRATIONS = [InitBatch1764200000000, BatchOwners1765000000001, PartitionBytes1766000000000];
export const BATCH_MIGRATIONS_TABLE = 'batch_migrations';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The work-queue settings shared by the orchestrator (publisher) and the inference replicas. */
export function batchQueueSpec(config: BatchOrchestratorConfig): WorkQueueSpec {
  return {
    name: config.BATCH_QUEUE_STREAM,
    subject: config.BATCH_QUEUE_SUBJECT,
    consumer: config.BATCH_QUEUE_CONSUMER,
    ackWaitMs: config.BATCH_ACK_WAIT_MS,
    maxDeliver: BROKER_MAX_DELIVER,
  };
}

/** Replacements for the module's ports (tests, and launchers that resolve models another way). */
export interface BatchOrchestratorOverrides {
  modelResolver?: ModelResolver;
  /** Permissions from somewhere else than the identity service (default: identity when auth is on). */
  permissions?: BatchPermissions;
}

@Module({})
export class BatchOrchestratorModule {
  static forRoot(
    config: BatchOrchestratorConfig,
    transport: TransportConfig,
    overrides: BatchOrchestratorOverrides = {},
  ): DynamicModule {
    return {
      module: BatchOrchestratorModule,
      imports: [MessagingModule.forRoot(transport)],
      controllers: [
        HealthMessageController,
        SubmitJobMessageController,
        GetJobMessageController,
        ListJobsMessageController,
        CreateDatasetMessageController,
        GetDatasetMessageController,
        ListDatasetsMessageController,
        DeleteDatasetMessageController,
        GetTableMessageController,
        ListTablesMessageController,
        CompletePartitionMessageController,
        DeadLetterPartitionMessageController,
        DescribeTableMessageController,
        TableRowsMessageController,
      ],
      providers: [
        { provide: BATCH_ORCHESTRATOR_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: () =>
            openDataSource({
              url: config.DATABASE_URL,
              entities: BATCH_ENTITIES,
              migrations: BATCH_MIGRATIONS,
              migrationsTableName: BATCH_MIGRATIONS_TABLE,
            }),
        },
        DataSourceCloser,
        {
          provide: BatchJobRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new TypeOrmBatchJobRepository(ds),
        },
        {
          provide: WorkQueue,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection | null) => workQueueFor(transport, connection),
        },
        { provide: BATCH_QUEUE_SPEC, useValue: batchQueueSpec(config) },
        {
          provide: ModelResolver,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) => overrides.modelResolver ?? new RegistryModelResolver(rpc),
        },
        {
          // Validated at boot: a bad root stops the service with every problem named.
          provide: DataLocations,
          useFactory: () =>
            LocalDataLocations.open({
              dataDir: config.LLMOPS_DATA_DIR,
              datasetRoots: config.BATCH_DATASET_ROOTS,
              tableRoots: config.BATCH_TABLE_ROOTS,
            }),
        },
        {
          provide: BatchPermissions,
          inject: [RpcClient],
          useFactory: (rpc: RpcClient) =>
            overrides.permissions ?? (authEnabled() ? new IdentityBatchPermissions(rpc) : new NoBatchPermissions()),
        },
        BatchAccess,
        {
          provide: DatasetRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new TypeOrmDatasetRepository(ds),
        },
        {
          provide: TableRepository,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new TypeOrmTableRepository(ds),
        },
        { provide: DatasetInspector, useClass: LocalDatasetInspector },
        { provide: OutputTables, useClass: DeltaOutputTables },
        TableClaims,
        ListJobsHandler,
        CreateDatasetHandler,
        GetDatasetHandler,
        ListDatasetsHandler,
        DeleteDatasetHandler,
        GetTableHandler,
        ListTablesHandler,
        // Defence in depth behind the gateway: reads need viewer, everything else developer.
        callerGuardProvider(readWriteRule()),
        { provide: BatchEvents, inject: [RpcClient], useFactory: (rpc: RpcClient) => new RpcBatchEvents(rpc) },
        SubmitJobHandler,
        GetJobHandler,
        CompletePartitionHandler,
        DeadLetterPartitionHandler,
        ResumeJobsService,
        { provide: TableReader, useClass: DeltaTableReader },
        JobOutputTable,
        DescribeTableHandler,
        TableRowsHandler,
      ],
    };
  }
}
