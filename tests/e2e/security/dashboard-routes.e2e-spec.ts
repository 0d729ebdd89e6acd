import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { embeddedMode, MODES, SecureWorld, V1 } from './harness';

// The gateway serves the build next to its sources: make sure there is one (a no-op when fresh).
beforeAll(() => {
  const build = spawnSync(process.execPath, [join(__dirname, '../../../tools/dashboard-build.js')], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the dashboard did not build: ${build.stderr}`);
}, 120_000);

/*
 * The routes the dashboard added, as a hostile caller tries them: without a token, with tricks in
 * the path, and the static files as a way around authentication.
 */
describe.each(MODES)('the dashboard routes as a hostile caller (%s)', (_mode, start) => {
  const world = new SecureWorld(start, { viewer: 'viewer' } as const, {
    services: ['identity', 'tracking', 'registry', 'batch'],
  });
  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('needs a token for who-am-I, health with replicas, and a job table', async () => {
    for (const path of [
      `${V1}/me`,
      `${V1}/health`,
      `${V1}/batch-jobs/some-job/table`,
      `${V1}/batch-jobs/some-job/table/rows?version=0`,
    ]) {
      const answer = await world.req('GET', path);
      expect([path, answer.status, answer.body?.error_code]).toEqual([path, 401, 'UNAUTHENTICATED']);
    }
  });

  it('tells a user who they are and nothing about anyone else', async () => {
    const me = await world.req('GET', `${V1}/me`, world.as('viewer'));
    expect(me.body).toEqual({ user: world.names.viewer, roles: ['viewer'], authentication: 'on' });
    const asked = await world.req('GET', `${V1}/me?user=admin`, world.as('viewer'));
    expect(asked.body.user).toBe(world.names.viewer);
  });

  it('reads a table only through a job that exists, never a path', async () => {
    const missing = await world.req('GET', `${V1}/batch-jobs/no-such-job/table`, world.as('viewer'));
    expect([missing.status, missing.body.error_code]).toEqual([404, 'RESOURCE_DOES_NOT_EXIST']);
    for (const path of [
      `${V1}/batch-jobs/..%2F..%2Fetc/table`,
      `${V1}/batch-jobs/%2e%2e/table/rows`,
      `${V1}/batch-jobs/x/table?before=-1`,
      `${V1}/batch-jobs/x/table/rows?limit=100000`,
      `${V1}/batch-jobs/x/table/rows?version=abc`,
    ]) {
      const answer = await world.req('GET', path, world.as('viewer'));
      expect([path, answer.status]).toEqual([path, 400]);
    }
  });

  it('serves no data and no API answer as a page: a page path with a token is still only the app', async () => {
    const page = await world.req('GET', '/models/news', world.as('viewer'));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).not.toContain('registered_model');
    const api = await world.req('GET', '/api/v1/experiments');
    expect(api.status).toBe(401);
  });
});

// The embedded mode alone, where the dashboard is built next to the gateway: every page answers.
describe('the dashboard pages with auth on (embedded)', () => {
  const world = new SecureWorld(embeddedMode, {} as Record<never, 'viewer'>, { services: ['identity'] });
  beforeAll(() => world.start(), 120_000);
  afterAll(() => world.stop());

  it('says in the page that a token is needed, before any API call', async () => {
    const page = await world.req('GET', '/experiments');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<meta name="llmops-authentication" content="on" />');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
