export { RegistryModule, REGISTRY_QUEUE } from './registry.module';
export type { RegistryModuleOptions } from './registry.module';
export { RegistryConfig } from './registry.config';
