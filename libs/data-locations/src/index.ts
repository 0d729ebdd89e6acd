export * from './data-names';
export * from './data-roots';
export * from './data-locations';
export { LocalDataLocations } from './local-data-locations';
