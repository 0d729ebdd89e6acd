export * from './registry.types';
export * from './registry.events';
export * from './registry.dto';
