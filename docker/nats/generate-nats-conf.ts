import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_PERMISSIONS, renderNatsConf, uncoveredSubjects } from './nats-permissions';

/**
 * `node tools/run.js docker/nats/generate-nats-conf.ts [--check]`: writes docker/nats/nats-server.conf
 * (or, with --check, fails when the file is stale), after checking every subject each service's
 * code names is covered by its permissions.
 */
const root = join(__dirname, '..', '..');
let problems = 0;
for (const service of Object.keys(SERVICE_PERMISSIONS)) {
  const missing = uncoveredSubjects(service, join(root, 'apps', service, 'src'));
  for (const subject of missing) console.error(`${service}: code names ${subject}, its NATS permissions do not`);
  problems += missing.length;
}
const target = join(__dirname, 'nats-server.conf');
const conf = renderNatsConf();
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== conf) {
    console.error(`${target} is stale: run node tools/run.js docker/nats/generate-nats-conf.ts`);
    problems++;
  }
} else if (problems === 0) {
  writeFileSync(target, conf);
  console.log(`Wrote ${target}`);
}
process.exit(problems === 0 ? 0 : 1);
