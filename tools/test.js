#!/usr/bin/env node
// Runs the whole Jest suite and ends with one plain line "N passed, N failed" that CI reads.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const out = path.join(mkdtempSync(path.join(tmpdir(), 'llmops-jest-')), 'results.json');
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};
const result = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env },
);
let summary;
try {
  summary = JSON.parse(readFileSync(out, 'utf8'));
} catch {
  console.error('jest produced no results');
  process.exit(result.status || 1);
}
const failedSuites = summary.numFailedTestSuites + (summary.numRuntimeErrorTestSuites || 0);
console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests + failedSuites} failed`);
if (summary.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
process.exit(result.status === 0 && summary.success ? 0 : 1);
