// One Jest run over every project; unit specs sit next to the code (*.spec.ts), end-to-end
// suites (*.e2e-spec.ts) talk to real NATS and PostgreSQL (or the embedded mode).
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
  '^@llmops/(contract|messaging|persistence|config|pipeline|delta|artifacts|observability)$': '<rootDir>/libs/$1/src/index.ts',
  // Services' entry points, for the launcher (apps/cli) and cross-service e2e suites only.
  '^@llmops/(gateway|tracking|registry|inference|batch-orchestrator)-app$': '<rootDir>/apps/$1/src/index.ts',
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleNameMapper,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/tests'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
