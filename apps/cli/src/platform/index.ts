export * from './embedded-platform';
export * from './embedded-services';
export * from './serve.command';
