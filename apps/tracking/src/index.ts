export { TrackingModule, TRACKING_QUEUE, TRACKING_ENTITIES } from './tracking.module';
export type { TrackingModuleOptions } from './tracking.module';
export { TrackingConfig } from './tracking.config';
