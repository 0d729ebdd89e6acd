export * from './artifact-path';
export * from './artifact-repository';
export * from './artifact-uri';
export * from './artifact-repository.factory';
export * from './local/local-artifact.repository';
