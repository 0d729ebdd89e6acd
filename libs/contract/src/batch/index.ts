export * from './batch.types';
export * from './batch.dto';
export * from './batch-output';
