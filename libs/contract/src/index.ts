export * from './errors';
export * from './subjects';
export * from './headers';
export * from './model-uri/model-uri';
export * from './tracking';
export * from './batch';
export * from './registry';
export * from './inference';
