export * from './work-queue';
export * from './in-process-work-queue';
export * from './jetstream-work-queue';
export * from './work-queue.factory';
