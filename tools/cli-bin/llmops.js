#!/usr/bin/env node
// `npx llmops ...` inside the repository: runs the CLI from source (see tools/run.js). This folder is
// a local package (a `file:` devDependency) only so that npm links the `llmops` bin.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
process.argv.splice(2, 0, path.join(root, 'apps', 'cli', 'src', 'main.ts'));
require(path.join(root, 'tools', 'run.js'));
