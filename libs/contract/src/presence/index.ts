export * from './presence.types';
