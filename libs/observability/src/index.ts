export * from './json-logger';
export * from './ops-server';
