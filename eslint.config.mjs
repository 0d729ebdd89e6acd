import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * Module boundaries are a failing check, not a wish:
 * - `scope:contract` (libs/contract) imports nothing of ours;
 * - `type:lib` libs import other libs and the contract;
 * - `type:app` services import libs and the contract, never another service;
 * - `type:launcher` (apps/cli) is the composition root of the embedded mode: the only project
 *   that may load several services' modules into one process;
 * - `type:launcher` also tags tools/ (the services launcher, benchmarks): they compose services too;
 * - `type:e2e` (tests/e2e) may drive everything;
 * - `type:ui` (apps/dashboard, a browser app) imports nothing of ours: it reaches the platform only
 *   through the gateway's HTTP API, with a client generated from the gateway's OpenAPI document.
 * Services and the CLI are declared as Nx `library` projects so that the launcher and the e2e
 * suites may import them (Nx forbids importing `application` projects outright); the tags above
 * are what keep services from importing each other.
 */
export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.llmops/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:contract', onlyDependOnLibsWithTags: ['scope:contract'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'scope:contract'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'scope:contract'] },
            { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:app', 'type:lib', 'scope:contract'] },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:launcher', 'type:app', 'type:lib', 'scope:contract'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          // Subjects are data defined once in libs/contract: no string literal patterns at call sites.
          selector:
            'Decorator[expression.callee.name=/^(MessagePattern|EventPattern)$/] > CallExpression > Literal:first-child',
          message: 'Use a subject from SUBJECTS in @llmops/contract, not a string literal.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
];
