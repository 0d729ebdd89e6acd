export { BatchWorkerModule, batchWorkerQueueSpec } from './batch-worker.module';
export { BatchWorkerConfig } from './batch-worker.config';
export { BatchWorkerService } from './batch-worker.service';
