export * from './inference.limits';
export * from './summarize.dto';
export * from './health.dto';
export * from './inference.dispatch';
