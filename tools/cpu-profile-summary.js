// Self time per function (and per process) of the .cpuprofile files in a directory:
//   node tools/cpu-profile-summary.js /tmp/prof [top=25] [last seconds of each profile only]
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const [dir, topArg, lastArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const lastMs = lastArg ? Number(lastArg) * 1000 : Infinity;
// Start-up (loading and compiling modules) is not what a benchmark measures: left out.
const STARTUP =
  /^(wrapSafe|transformSync|readFileUtf8|internalModuleStat|Module\._\w+|realpathSync|realpath|lstat|readPackage|read|stat|compileFunction|dlopen|maybeCacheSourceMap|tsCompilerOptionsToSwcConfig|normalize|normalizeString|resolve|getOptions|readFileSync) /;
const isStartup = (node) =>
  STARTUP.test(`${node.callFrame.functionName} `) || /RegExp: \^/.test(node.callFrame.functionName);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  let total = 0;
  const endMs = dt.reduce((a, b) => a + b, 0) / 1000;
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += (dt[i] ?? 0) / 1000;
    if (endMs - at > lastMs) return;
    const node = byId.get(id);
    if (isStartup(node)) return;
    const f = node.callFrame;
    const where = f.url ? f.url.replace(/^.*node_modules\//, '~/').replace(/^.*\/(apps|libs)\//, '$1/') : '';
    const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
    const t = (dt[i] ?? 0) / 1000;
    total += t;
    self.set(key, (self.get(key) ?? 0) + t);
  });
  const idle = [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
  console.log(
    `\n${file}: ${(total / 1000).toFixed(1)} s sampled (start-up left out), ${((total - idle) / 1000).toFixed(2)} s busy`,
  );
  for (const [key, ms] of [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
  }
}
