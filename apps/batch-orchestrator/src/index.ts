export { BatchOrchestratorModule, batchQueueSpec, BATCH_MIGRATIONS_TABLE } from './batch-orchestrator.module';
export { BatchOrchestratorConfig } from './batch-orchestrator.config';

/** The NATS queue group the orchestrator's replicas share. */
export const BATCH_ORCHESTRATOR_QUEUE = 'batch-orchestrator';
