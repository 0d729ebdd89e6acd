export * from './tracing';
export * from './rpc-span.exporter';
export * from './spans';
export * from './llm-trace';
export * from './trace-store';
