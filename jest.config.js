// Unit specs sit next to the code (*.spec.ts) and run in parallel. End-to-end suites
// (*.e2e-spec.ts) talk to real NATS and PostgreSQL and run one at a time. Suites that start services
// give them a nats-server of their own (startNatsServer from @llmops/messaging) so that nothing else
// on the machine serving the same subjects can answer; the messaging suites use the machine's NATS.
// Suites run with authentication off unless they turn it on (the auth*.e2e-spec.ts suites do): the
// other suites exercise features, not access control. Workers and spawned processes inherit it.
process.env.LLMOPS_AUTH ??= 'off';

const swcConfig = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const moduleNameMapper = {
  '^@llmops/(contract|messaging|persistence|config|pipeline|delta|artifacts|observability|authz|data-locations)$':
    '<rootDir>/libs/$1/src/index.ts',
  // Services' entry points, for the launcher (apps/cli) and cross-service e2e suites only.
  '^@llmops/(gateway|tracking|registry|inference|batch-orchestrator|identity)-app$': '<rootDir>/apps/$1/src/index.ts',
};

const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleNameMapper,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/tests'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['**/*.e2e-spec.ts'] },
  ],
};
