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
require(path.resolve(entry));
