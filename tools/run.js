#!/usr/bin/env node
// Runs a TypeScript entry point straight from source (SWC, with decorator metadata and the
// workspace's path aliases from tsconfig.json), so `npm start` needs no separate build step.
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
// Nest and class-validator read decorator metadata; load the polyfill before any entry point.
require('reflect-metadata');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run.js <entry.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
if (process.env.LLMOPS_EXIT_WITH_PARENT === '1') {
  // Started by a launcher (tools/services.ts): when it dies, even by SIGKILL, we are re-parented;
  // stop gracefully rather than keep serving as an orphan.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
require(path.resolve(entry));
