export * from './identity.types';
export * from './identity.dto';
