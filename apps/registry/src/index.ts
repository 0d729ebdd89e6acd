export { RegistryModule, REGISTRY_QUEUE } from './registry.module';
export type { RegistryModuleOptions } from './registry.module';
export { RegistryConfig, gateOptionsOf } from './registry.config';
export { registerRegistryGauges } from './observability/registry-gauges';
