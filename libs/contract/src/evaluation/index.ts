export * from './evaluation.types';
export * from './evaluation.dto';
