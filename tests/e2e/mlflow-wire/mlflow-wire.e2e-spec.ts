import { join } from 'node:path';
import { MODES, SecureWorld } from '../security/harness';
import { loadFixtures, replay } from './replay';

/**
 * MLflow's REST API as MLflow's own clients speak it: every fixture under `fixtures/` (requests
 * and answers as recorded from MLflow's Python client or as `service.proto` defines them) replayed
 * against the platform in both ways to run, with auth on, as a developer with a bearer token (what
 * `MLFLOW_TRACKING_TOKEN` sends).
 */
const FIXTURES = loadFixtures(join(__dirname, 'fixtures'));
const SERVICES = ['identity', 'tracking', 'registry', 'inference', 'batch'];

describe.each(MODES)('MLflow wire fixtures, %s', (_mode, start) => {
  const world = new SecureWorld(start, { dev: 'developer', approver: 'approver' }, { services: SERVICES });
  /** The fixture's user (`approver` for the promotions), the developer otherwise. */
  const credentials = (user: string | undefined) => {
    if (user === undefined) return world.as('dev');
    if (user !== 'approver') throw new Error(`fixture user '${user}' is not one of the world's users`);
    return world.as(user);
  };

  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('has fixtures', () => expect(FIXTURES.length).toBeGreaterThan(0));

  it.each(FIXTURES.map((f) => [f.file, f] as const))('%s', async (_file, fixture) => {
    await replay(fixture, world.url, credentials, `${world.s}${Math.random().toString(36).slice(2, 6)}`);
  });
});
