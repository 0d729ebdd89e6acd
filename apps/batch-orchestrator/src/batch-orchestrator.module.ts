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
import { ModelResolver } from './models/model-resolver';
import { RegistryModelResolver } from './models/registry-model.resolver';
import { DeltaOutputTables } from './output-table/delta-output.tables';
import { OutputTables } from './output-table/output-tables';
import { CompletePartitionHandler } from './partitions/complete-partition/complete-partition.handler';
import { CompletePartitionMessageController } from './partitions/complete-partition/complete-partition.message.controller';
import { DeadLetterPartitionHandler } from './partitions/dead-letter-partition/dead-letter-partition.handler';
import { DeadLetterPartitionMessageController } from './partitions/dead-letter-partition/dead-letter-partition.message.controller';

export const BATCH_ENTITIES = [BatchJobEntity, BatchPartitionEntity];
export const BATCH_MIGRATIONS = [InitBatch1764200000000];
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
        CompletePartitionMessageController,
        DeadLetterPartitionMessageController,
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
        { provide: DatasetInspector, useClass: LocalDatasetInspector },
        { provide: OutputTables, useClass: DeltaOutputTables },
        { provide: BatchEvents, inject: [RpcClient], useFactory: (rpc: RpcClient) => new RpcBatchEvents(rpc) },
        SubmitJobHandler,
        GetJobHandler,
        CompletePartitionHandler,
        DeadLetterPartitionHandler,
        ResumeJobsService,
      ],
    };
  }
}
