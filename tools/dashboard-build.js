#!/usr/bin/env node
// Builds the dashboard (apps/dashboard -> apps/dashboard/dist, served by the gateway at /) when the
// build is missing or older than its sources: `npm start` and `npm run serve` run this first, so a
// fresh clone serves the dashboard after `npm ci` with nothing downloaded. `--force` always builds.
// Progress goes to stderr (stdout stays the walkthrough's, e.g. its --json line).
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const app = path.join(root, 'apps', 'dashboard');
const dist = path.join(app, 'dist');
const stamp = path.join(dist, '.source-hash');

/** Hash of everything the build reads: the app's sources and config, and the lock file. */
function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'dist' || entry.name === 'node_modules') continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (!/\.test\.tsx?$/.test(entry.name)) {
        hash.update(path.relative(app, file));
        hash.update(readFileSync(file));
      }
    }
  };
  walk(app);
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

function main() {
  const wanted = sourceHash();
  const fresh =
    existsSync(path.join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
  if (fresh && !process.argv.includes('--force')) return 0;
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    console.error('dashboard: not built and Vite is not installed (npm ci installs it); the API is served without it');
    return 0;
  }
  console.error('dashboard: building apps/dashboard (sources changed or no build yet)...');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(app, 'vite.config.mts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    },
  );
  if (result.status !== 0) {
    console.error('dashboard: the build failed');
    return result.status ?? 1;
  }
  writeFileSync(stamp, wanted);
  console.error('dashboard: built into apps/dashboard/dist');
  return 0;
}

process.exit(main());
