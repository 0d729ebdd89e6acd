// CPU profile of any Node process, for services mode where Node refuses --cpu-prof in NODE_OPTIONS:
//   NODE_OPTIONS="--require /abs/path/tools/cpu-profile-hook.js" CPU_PROFILE_DIR=/tmp/prof <command>
// (npm run bench:tracking -- --server-args "--require $PWD/tools/cpu-profile-hook.js" passes it to
// every service). Writes <dir>/<script>-<pid>.cpuprofile when the process exits or is signalled;
// tools/cpu-profile-summary.js sums self time per function.
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

const dir = process.env.CPU_PROFILE_DIR || '/tmp/llmops-cpu-profiles';
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));
let written = false;
function write() {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    mkdirSync(dir, { recursive: true });
    const script = (process.argv.slice(1).find((a) => /\.(t|j)s$/.test(a) && !a.endsWith('run.js')) || 'node')
      .replace(/\/src\/main\.ts$/, '')
      .split('/')
      .slice(-1)[0];
    writeFileSync(join(dir, `${basename(script)}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  const onSignal = () => {
    write();
    // Alone, this listener would keep the process from ending on the signal: end it as Node would.
    if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  process.prependListener(signal, onSignal);
}
process.on('exit', write);
