import { Answer, ML, MODES, SecureWorld, V1 } from './harness';

/**
 * Finding 9 of the security review: searches must not tell a caller anything about rows it may
 * not read. With `max_results: 1` on another user's experiment, an empty page that still carries a
 * `next_page_token` said "hidden runs match this filter", enough to guess hidden param values one
 * query at a time. Visibility is applied in the query, before paging: pages, their sizes and their
 * tokens reflect only visible rows, and a forged page token reaches nothing hidden.
 */
describe.each(MODES)('searches are not an oracle, %s', (_mode, start) => {
  const world = new SecureWorld(start, { victim: 'developer', mallory: 'developer' });
  let victimExp: string;
  let ownExp: string;
  const victimModel = () => `oracle-victim-${world.s}`;
  const ownModel = () => `oracle-own-${world.s}`;

  const newRun = async (who: 'victim' | 'mallory', experimentId: string, secret: string) => {
    const run = await world.req('POST', `${ML}/runs/create`, world.as(who), { experiment_id: experimentId });
    expect(run.status).toBe(200);
    const runId = run.body.run.info.run_id as string;
    const logged = await world.req('POST', `${ML}/runs/log-parameter`, world.as(who), {
      run_id: runId,
      key: 'secret',
      value: secret,
    });
    expect(logged.status).toBe(200);
    return runId;
  };

  beforeAll(async () => {
    await world.start();
    victimExp = (
      await world.req('POST', `${ML}/experiments/create`, world.as('victim'), { name: `oracle-victim-${world.s}` })
    ).body.experiment_id;
    for (const name of ['a', 'b', 'c']) {
      await world.req('POST', `${ML}/experiments/create`, world.as('victim'), {
        name: `oracle-victim-${world.s}-${name}`,
      });
    }
    ownExp = (
      await world.req('POST', `${ML}/experiments/create`, world.as('mallory'), { name: `oracle-own-${world.s}` })
    ).body.experiment_id;
    // Runs interleaved in time, so that a page over both experiments mixes them.
    for (let i = 0; i < 3; i++) {
      await newRun('victim', victimExp, 'alpha');
      await newRun('mallory', ownExp, 'mine');
    }
    for (const [who, name] of [
      ['victim', victimModel()],
      ['mallory', ownModel()],
    ] as const) {
      expect((await world.req('POST', `${ML}/registered-models/create`, world.as(who), { name })).status).toBe(200);
      const runId = await newRun(who, who === 'victim' ? victimExp : ownExp, 'model');
      for (let v = 0; v < 3; v++) {
        const version = await world.req('POST', `${ML}/model-versions/create`, world.as(who), {
          name,
          source: `runs:/${runId}/model`,
          run_id: runId,
        });
        expect(version.status).toBe(200);
      }
    }
    // More hidden models than the page size, all matching the attacker's filter.
    for (const n of ['x', 'y']) {
      await world.req('POST', `${ML}/registered-models/create`, world.as('victim'), { name: `${victimModel()}-${n}` });
    }
  });

  afterAll(() => world.stop());

  const noOracle = (answer: Answer, list: string) => {
    expect(answer.status).toBe(200);
    expect(answer.body[list] ?? []).toEqual([]);
    expect(answer.body.next_page_token).toBeUndefined();
  };

  it('runs: a filter matching hidden runs answers exactly as one matching nothing', async () => {
    for (const secret of ['alpha', 'no-such-value']) {
      const answer = await world.req('POST', `${ML}/runs/search`, world.as('mallory'), {
        experiment_ids: [victimExp],
        filter: `params.secret = '${secret}'`,
        max_results: 1,
      });
      noOracle(answer, 'runs');
      const platform = await world.req('POST', `${V1}/runs/search`, world.as('mallory'), {
        experiment_ids: [victimExp],
        filter: `params.secret = '${secret}'`,
        max_results: 1,
      });
      noOracle(platform, 'runs');
    }
  });

  it('runs: pages over visible and hidden experiments are full, and end with the visible rows', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await world.req('POST', `${ML}/runs/search`, world.as('mallory'), {
        experiment_ids: [victimExp, ownExp],
        max_results: 2,
        ...(token ? { page_token: token } : {}),
      });
      expect(answer.status).toBe(200);
      const runs = answer.body.runs ?? [];
      for (const run of runs) expect(run.info.experiment_id).toBe(ownExp);
      token = answer.body.next_page_token;
      // Every page but the last is full: nothing hidden took a place in it.
      if (token) expect(runs).toHaveLength(2);
      seen.push(...runs.map((r: { info: { run_id: string } }) => r.info.run_id));
      pages++;
    } while (token && pages < 10);
    // Her four runs (three logged, one for her model), in two full pages.
    expect(seen).toHaveLength(4);
    expect(pages).toBe(2);
  });

  it('experiments: hidden names matching a filter leave no trace in the page or its token', async () => {
    for (const pattern of [`oracle-victim-${world.s}%`, `no-such-${world.s}%`]) {
      const answer = await world.req('POST', `${ML}/experiments/search`, world.as('mallory'), {
        filter: `name LIKE '${pattern}'`,
        max_results: 1,
      });
      noOracle(answer, 'experiments');
      const platform = await world.req(
        'GET',
        `${V1}/experiments?max_results=1&filter=${encodeURIComponent(`name LIKE '${pattern}'`)}`,
        world.as('mallory'),
      );
      noOracle(platform, 'experiments');
    }
    const own = await world.req('POST', `${ML}/experiments/search`, world.as('mallory'), {
      filter: `name LIKE 'oracle-%${world.s}%'`,
      max_results: 1,
    });
    expect(own.body.experiments.map((e: { experiment_id: string }) => e.experiment_id)).toEqual([ownExp]);
    expect(own.body.next_page_token).toBeUndefined();
  });

  it('registered models and model versions: the same, through MLflow and platform routes', async () => {
    const filter = encodeURIComponent(`name LIKE '${victimModel()}%'`);
    noOracle(
      await world.req('GET', `${ML}/registered-models/search?max_results=1&filter=${filter}`, world.as('mallory')),
      'registered_models',
    );
    noOracle(
      await world.req('GET', `${V1}/registered-models?max_results=1&filter=${filter}`, world.as('mallory')),
      'registered_models',
    );
    const exact = encodeURIComponent(`name = '${victimModel()}'`);
    noOracle(
      await world.req('GET', `${ML}/model-versions/search?max_results=1&filter=${exact}`, world.as('mallory')),
      'model_versions',
    );
    const own = await world.req(
      'GET',
      `${ML}/model-versions/search?max_results=2&filter=${encodeURIComponent(`name LIKE 'oracle-%${world.s}'`)}`,
      world.as('mallory'),
    );
    expect(own.body.model_versions).toHaveLength(2);
    expect(own.body.model_versions.every((v: { name: string }) => v.name === ownModel())).toBe(true);
    const rest = await world.req(
      'GET',
      `${ML}/model-versions/search?max_results=2&page_token=${own.body.next_page_token}&filter=${encodeURIComponent(
        `name LIKE 'oracle-%${world.s}'`,
      )}`,
      world.as('mallory'),
    );
    expect(rest.body.model_versions.map((v: { name: string }) => v.name)).toEqual([ownModel()]);
    expect(rest.body.next_page_token).toBeUndefined();
    // The platform's versions of one model: hers listed, the victim's refused outright.
    const listed = await world.req('GET', `${V1}/registered-models/${ownModel()}/versions`, world.as('mallory'));
    expect(listed.body.model_versions).toHaveLength(3);
    expect(
      (await world.req('GET', `${V1}/registered-models/${victimModel()}/versions`, world.as('mallory'))).status,
    ).toBe(403);
  });

  it('a forged page token (any offset) reaches no hidden row', async () => {
    const first = await world.req('POST', `${ML}/runs/search`, world.as('mallory'), {
      experiment_ids: [victimExp, ownExp],
      max_results: 1,
    });
    const token = first.body.next_page_token as string;
    expect(token).toBeDefined();
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    for (const offset of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const forged = Buffer.from(JSON.stringify({ ...state, o: offset })).toString('base64url');
      const answer = await world.req('POST', `${ML}/runs/search`, world.as('mallory'), {
        experiment_ids: [victimExp, ownExp],
        max_results: 1,
        page_token: forged,
      });
      for (const run of answer.body.runs ?? []) expect(run.info.experiment_id).toBe(ownExp);
      // Past the visible rows there is nothing, and no token to go on with.
      if (offset >= 4) noOracle(answer, 'runs');
    }
    for (const offset of [0, 1, 2, 3, 4]) {
      const forged = Buffer.from(JSON.stringify({ offset })).toString('base64url');
      const answer = await world.req(
        'GET',
        `${ML}/registered-models/search?max_results=1&page_token=${forged}&filter=${encodeURIComponent(
          `name LIKE 'oracle-%${world.s}%'`,
        )}`,
        world.as('mallory'),
      );
      for (const m of answer.body.registered_models ?? []) expect(m.name).toBe(ownModel());
    }
  });

  it('the owner still sees everything (the constraint is the caller’s, not a global one)', async () => {
    const answer = await world.req('POST', `${ML}/runs/search`, world.as('victim'), {
      experiment_ids: [victimExp],
      filter: "params.secret = 'alpha'",
      max_results: 1,
    });
    expect(answer.body.runs).toHaveLength(1);
    expect(answer.body.next_page_token).toBeDefined();
    const admin = await world.req('POST', `${ML}/runs/search`, world.admin, {
      experiment_ids: [victimExp, ownExp],
      max_results: 100,
    });
    expect(admin.body.runs).toHaveLength(8);
  });
});
