import { call, MODES, SecureWorld } from './security/harness';

/**
 * The artifact proxy and MLflow 3's logged models as a hostile user would try them: another
 * developer's experiment named in the path, a run of one experiment named under another the caller
 * may use, a viewer writing, part uploads without (or with another upload's) token.
 */
const ML = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts';

describe.each(MODES)('served artifacts and logged models, access control, %s', (_mode, start) => {
  const world = new SecureWorld(
    start,
    { alice: 'developer', bob: 'developer', val: 'viewer' },
    { services: ['identity', 'tracking', 'registry'], requestLog: () => undefined },
  );
  let aliceExp: string;
  let aliceRun: string;
  let bobExp: string;
  let aliceModel: string;

  beforeAll(async () => {
    await world.start();
    const ok = async (who: 'alice' | 'bob', method: string, path: string, body?: unknown) => {
      const answer = await world.req(method, path, world.as(who), body);
      if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
      return answer.body;
    };
    aliceExp = (await ok('alice', 'POST', `${ML}/experiments/create`, { name: `alice-${world.s}` })).experiment_id;
    aliceRun = (await ok('alice', 'POST', `${ML}/runs/create`, { experiment_id: aliceExp })).run.info.run_id;
    bobExp = (await ok('bob', 'POST', `${ML}/experiments/create`, { name: `bob-${world.s}` })).experiment_id;
    const put = await world.req(
      'PUT',
      `${PROXY}/artifacts/${aliceExp}/${aliceRun}/artifacts/secret.txt`,
      world.as('alice'),
      Buffer.from('alice only'),
      { 'content-type': 'text/plain' },
    );
    if (put.status !== 200) throw new Error(`upload: ${put.status} ${put.text}`);
    aliceModel = (await ok('alice', 'POST', `${ML}/logged-models`, { experiment_id: aliceExp, name: 'm' })).model.info
      .model_id;
  }, 120_000);
  afterAll(() => world.stop());

  const status = async (who: 'alice' | 'bob' | 'val', method: string, path: string, body?: unknown) =>
    (
      await world.req(
        method,
        path,
        world.as(who),
        body,
        Buffer.isBuffer(body) ? { 'content-type': 'application/octet-stream' } : {},
      )
    ).status;

  it("refuses another developer every way into alice's run's files", async () => {
    const file = `${aliceExp}/${aliceRun}/artifacts/secret.txt`;
    expect(await status('bob', 'GET', `${PROXY}/artifacts/${file}`)).toBe(403);
    expect(await status('bob', 'GET', `${PROXY}/artifacts?path=${aliceExp}/${aliceRun}/artifacts`)).toBe(403);
    expect(await status('bob', 'PUT', `${PROXY}/artifacts/${file}`, Buffer.from('overwritten'))).toBe(403);
    expect(await status('bob', 'DELETE', `${PROXY}/artifacts/${file}`)).toBe(403);
    expect(
      await status('bob', 'POST', `${PROXY}/mpu/create/${aliceExp}/${aliceRun}/artifacts`, {
        path: 'x.bin',
        num_parts: 1,
      }),
    ).toBe(403);
    // Naming alice's run under bob's own experiment: bob may use that experiment, not alice's run.
    expect(await status('bob', 'GET', `${PROXY}/artifacts/${bobExp}/${aliceRun}/artifacts/secret.txt`)).toBe(403);
    expect(
      await status('bob', 'PUT', `${PROXY}/artifacts/${bobExp}/${aliceRun}/artifacts/x.txt`, Buffer.from('x')),
    ).toBe(403);
    const still = await world.req('GET', `${PROXY}/artifacts/${file}`, world.as('alice'));
    expect(still.text).toBe('alice only');
  });

  it("refuses another developer alice's logged model, and its files through the proxy", async () => {
    expect(await status('bob', 'GET', `${ML}/logged-models/${aliceModel}`)).toBe(403);
    expect(await status('bob', 'PATCH', `${ML}/logged-models/${aliceModel}`, { status: 'LOGGED_MODEL_READY' })).toBe(
      403,
    );
    expect(
      await status('bob', 'PATCH', `${ML}/logged-models/${aliceModel}/tags`, { tags: [{ key: 'a', value: 'b' }] }),
    ).toBe(403);
    expect(await status('bob', 'DELETE', `${ML}/logged-models/${aliceModel}`)).toBe(403);
    expect(await status('bob', 'POST', `${ML}/logged-models/${aliceModel}/params`, { params: [] })).toBe(403);
    expect(await status('bob', 'GET', `${ML}/logged-models/${aliceModel}/artifacts/directories`)).toBe(403);
    expect(await status('bob', 'POST', `${ML}/logged-models/search`, { experiment_ids: [aliceExp] })).toBe(403);
    expect(await status('bob', 'POST', `${ML}/logged-models`, { experiment_id: aliceExp })).toBe(403);
    expect(
      await status(
        'bob',
        'PUT',
        `${PROXY}/artifacts/${aliceExp}/models/${aliceModel}/artifacts/MLmodel`,
        Buffer.from('x'),
      ),
    ).toBe(403);
    expect(
      await status(
        'bob',
        'PUT',
        `${PROXY}/artifacts/${bobExp}/models/${aliceModel}/artifacts/MLmodel`,
        Buffer.from('x'),
      ),
    ).toBe(403);
    // The body cannot redirect a URL's model: alice's own URL, another model id in the body.
    const own = await world.req('PATCH', `${ML}/logged-models/${aliceModel}`, world.as('alice'), {
      model_id: 'm-00000000000000000000000000000000',
      status: 'LOGGED_MODEL_READY',
    });
    expect(own.body.model.info.model_id).toBe(aliceModel);
  });

  it('lets a viewer with READ read but never write or delete', async () => {
    const grant = await world.req('POST', '/api/v1/permissions', world.admin, {
      user: world.names.val,
      kind: 'experiment',
      resource_id: aliceExp,
      permission: 'READ',
    });
    expect(grant.status).toBe(201);
    const file = `${aliceExp}/${aliceRun}/artifacts/secret.txt`;
    const read = await world.req('GET', `${PROXY}/artifacts/${file}`, world.as('val'));
    expect([read.status, read.text]).toEqual([200, 'alice only']);
    expect(await status('val', 'GET', `${ML}/logged-models/${aliceModel}`)).toBe(200);
    expect(await status('val', 'PUT', `${PROXY}/artifacts/${file}`, Buffer.from('x'))).toBe(403);
    expect(await status('val', 'DELETE', `${PROXY}/artifacts/${file}`)).toBe(403);
    expect(
      await status('val', 'POST', `${PROXY}/mpu/create/${aliceExp}/${aliceRun}/artifacts`, { path: 'x', num_parts: 1 }),
    ).toBe(403);
    expect(await status('val', 'PATCH', `${ML}/logged-models/${aliceModel}`, { status: 'LOGGED_MODEL_READY' })).toBe(
      403,
    );
  });

  it('authorises part uploads by their upload token only', async () => {
    const created = await world.req(
      'POST',
      `${PROXY}/mpu/create/${aliceExp}/${aliceRun}/artifacts`,
      world.as('alice'),
      {
        path: '/tmp/big.bin',
        num_parts: 1,
      },
    );
    expect(created.status).toBe(200);
    const { url, headers } = created.body.credentials[0];
    const target = new URL(url);
    const part = (extra: Record<string, string>, auth?: string) =>
      call(world.url, 'PUT', `${target.pathname}${target.search}`, auth, Buffer.from('part'), extra);
    // Without the token, bob's own credentials do not help; with a guessed one neither.
    expect((await part({}, world.as('bob'))).status).toBe(403);
    expect((await part({ 'x-mlflow-upload-part-token': 'guess' })).status).toBe(403);
    // The token of one upload does not reach another owner's staging (the URL names alice's run).
    const other = new URL(url.replace(`/${aliceExp}/${aliceRun}/`, `/${bobExp}/${aliceRun}/`));
    expect(
      (await call(world.url, 'PUT', `${other.pathname}${other.search}`, undefined, Buffer.from('x'), headers)).status,
    ).toBe(400);
    expect((await part(headers)).status).toBe(200);
    // Completing needs the caller's EDIT: bob cannot complete alice's upload even knowing its id.
    const body = { path: '/tmp/big.bin', upload_id: created.body.upload_id, parts: [{ part_number: 1 }] };
    expect(await status('bob', 'POST', `${PROXY}/mpu/complete/${aliceExp}/${aliceRun}/artifacts`, body)).toBe(403);
    expect(await status('alice', 'POST', `${PROXY}/mpu/complete/${aliceExp}/${aliceRun}/artifacts`, body)).toBe(200);
  });
});
