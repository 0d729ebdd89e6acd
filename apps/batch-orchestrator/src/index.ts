export { BatchOrchestratorModule, batchQueueSpec, BATCH_MIGRATIONS_TABLE } from './batch-orchestrator.module';
export type { BatchOrchestratorOverrides } from './batch-orchestrator.module';
export { BatchOrchestratorConfig, defaultPartitionSizing } from './batch-orchestrator.config';
export { ModelResolver } from './models/model-resolver';
export type { BatchModel } from './jobs/domain/batch-job';
export { ResumeJobsService } from './jobs/resume-jobs/resume-jobs.service';

/** The NATS queue group the orchestrator's replicas share. */
export const BATCH_ORCHESTRATOR_QUEUE = 'batch-orchestrator';
export { registerBatchGauges } from './observability/batch-gauges';
