export { bindIdentityEvents, IdentityModule, IDENTITY_QUEUE } from './identity.module';
export type { IdentityModuleOptions } from './identity.module';
export { IdentityConfig } from './identity.config';
export { BOOTSTRAP_ADMIN } from './bootstrap/bootstrap-admin';
