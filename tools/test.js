#!/usr/bin/env node
// Runs the test suite: unit specs in parallel, then the end-to-end suites one at a time (they share
// the machine's NATS, see jest.config.js). Extra arguments (e.g. a path) go to both phases. Ends with
// one plain line "N passed, N failed" that CI reads; exits non-zero on any failure or if no test ran.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const dir = mkdtempSync(path.join(tmpdir(), 'llmops-jest-'));
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};

const phases = [
  { name: 'unit', extra: [] },
  { name: 'e2e', extra: ['--runInBand'] },
];
let passed = 0;
let failed = 0;
let total = 0;
let ok = true;
for (const phase of phases) {
  const out = path.join(dir, `${phase.name}.json`);
  const result = spawnSync(
    process.execPath,
    [
      require.resolve('jest/bin/jest'),
      '--ci',
      '--selectProjects',
      phase.name,
      '--passWithNoTests',
      // A suite that leaks a handle must not hang CI; the leak still shows in the output.
      '--forceExit',
      '--json',
      `--outputFile=${out}`,
      ...phase.extra,
      ...args,
    ],
    { stdio: 'inherit', env },
  );
  if (!existsSync(out)) {
    console.error(`jest produced no results for the ${phase.name} phase`);
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
