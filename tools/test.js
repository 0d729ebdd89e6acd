#!/usr/bin/env node
// Runs the test suite: unit specs in parallel, the dashboard's component tests (Vitest, in a DOM),
// then the end-to-end suites one at a time (they share the machine's NATS, see jest.config.js).
// Extra arguments (e.g. a path) go to every phase (path fragments only to Vitest). Ends with one
// plain line "N passed, N failed" that CI reads; exits non-zero on any failure or if no test ran.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const dir = mkdtempSync(path.join(tmpdir(), 'llmops-jest-'));
const env = {
  // Tracing off unless a suite turns it on for what it checks (it costs time in every other test).
  OTEL_SDK_DISABLED: 'true',
  // No trace retention in tests: suites share a database, and fixtures carry old timestamps.
  TRACE_RETENTION_DAYS: '0',
  TRACE_RETENTION_MAX_TRACES: '0',
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};

const jestPhase = (name, extra) => ({
  name,
  command: (out) => [
    require.resolve('jest/bin/jest'),
    '--ci',
    '--selectProjects',
    name,
    '--passWithNoTests',
    // A suite that leaks a handle must not hang CI; the leak still shows in the output.
    '--forceExit',
    '--json',
    `--outputFile=${out}`,
    ...extra,
    ...args,
  ],
});
// Vitest's filters are file-name fragments: pass the path-like arguments, relative to the app.
const dashboard = path.join(__dirname, '..', 'apps', 'dashboard');
const uiFilters = args
  .filter((a) => !a.startsWith('-'))
  .map((a) => (path.resolve(a).startsWith(dashboard + path.sep) ? path.relative(dashboard, path.resolve(a)) : a));
const phases = [
  jestPhase('unit', []),
  {
    name: 'ui',
    // Only when no filter was given or one could name a dashboard test.
    skip: uiFilters.length > 0 && !args.some((a) => /dashboard|\.test\.tsx?$/.test(a)),
    command: (out) => [
      path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      path.join(dashboard, 'vite.config.mts'),
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...uiFilters,
    ],
  },
  jestPhase('e2e', ['--runInBand']),
];
let passed = 0;
let failed = 0;
let total = 0;
let ok = true;
for (const phase of phases) {
  if (phase.skip) continue;
  const out = path.join(dir, `${phase.name}.json`);
  const result = spawnSync(process.execPath, phase.command(out), { stdio: 'inherit', env });
  if (!existsSync(out)) {
    console.error(`no test results for the ${phase.name} phase`);
    ok = false;
    failed += 1;
    continue;
  }
  const summary = JSON.parse(readFileSync(out, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  // A suite that fails to load (or in a hook) has no failed test of its own: count it.
  if (summary.numFailedTests === 0) failed += summary.numFailedTestSuites;
  total += summary.numTotalTests;
  if (result.status !== 0 || !summary.success) ok = false;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
if (total === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(ok && failed === 0 ? 0 : 1);
