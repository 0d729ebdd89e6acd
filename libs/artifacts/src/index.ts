export * from './artifact-path';
export * from './artifact-repository';
export * from './artifact-uri';
export * from './artifact-repository.factory';
export * from './local/local-artifact.repository';
export * from './served-artifacts';
export * from './byte-limit';
export * from './multipart/multipart-uploads';
