export * from './identity.types';
export * from './identity.dto';
export * from './identity.events';
