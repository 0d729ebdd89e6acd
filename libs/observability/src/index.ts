export * from './json-logger';
export * from './ops-server';
export * from './rpc-log.interceptor';
export * from './service-observability';
export * from './tracing';
export * from './metrics/platform-metrics';
