export * from './batch.types';
export * from './batch.dto';
