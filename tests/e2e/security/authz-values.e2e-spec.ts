import { ErrorCode } from '@llmops/contract';
import { Answer, ML, MODES, SecureWorld, V1 } from './harness';

/**
 * Finding 1 of the security review: the route policy must decide on exactly the values the handler
 * uses. A developer (`mallory`) who owns her own run and model attacks those of `victim`: the id
 * the handler reads (the query on GET) names the victim's resource while the id anywhere else (a
 * JSON body on a GET, a second query value, the query of a POST) names her own.
 */
describe.each(MODES)('authorisation on the values the handler uses, %s', (_mode, start) => {
  const world = new SecureWorld(start, { victim: 'developer', mallory: 'developer' });
  const ids = {} as Record<'victim' | 'mallory', { exp: string; run: string; model: string }>;

  beforeAll(async () => {
    await world.start();
    for (const who of ['victim', 'mallory'] as const) {
      const auth = world.as(who);
      const exp = await world.req('POST', `${ML}/experiments/create`, auth, { name: `authz-${who}-${world.s}` });
      expect(exp.status).toBe(200);
      const run = await world.req('POST', `${ML}/runs/create`, auth, { experiment_id: exp.body.experiment_id });
      expect(run.status).toBe(200);
      const runId = run.body.run.info.run_id as string;
      await world.req('POST', `${ML}/runs/log-metric`, auth, { run_id: runId, key: 'm', value: 1, timestamp: 1 });
      const model = `authz-${who}-${world.s}`;
      expect((await world.req('POST', `${ML}/registered-models/create`, auth, { name: model })).status).toBe(200);
      const version = await world.req('POST', `${ML}/model-versions/create`, auth, {
        name: model,
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
      expect(version.status).toBe(200);
      expect(
        (
          await world.req('POST', `${ML}/registered-models/alias`, auth, {
            name: model,
            alias: 'challenger',
            version: '1',
          })
        ).status,
      ).toBe(200);
      ids[who] = { exp: exp.body.experiment_id, run: runId, model };
    }
  });

  afterAll(() => world.stop());

  /** The GET routes whose handler reads the query, with the query naming `who`'s resource. */
  const reads = (who: 'victim' | 'mallory') => {
    const { exp, run, model } = ids[who];
    const m = encodeURIComponent(model);
    return [
      [`runs/get?run_id=${run}`, { run_id: run }],
      [`metrics/get-history?run_id=${run}&metric_key=m`, { run_id: run, metric_key: 'm' }],
      [`artifacts/list?run_id=${run}`, { run_id: run }],
      [`experiments/get?experiment_id=${exp}`, { experiment_id: exp }],
      [`registered-models/get?name=${m}`, { name: model }],
      [`registered-models/get-latest-versions?name=${m}`, { name: model }],
      [`model-versions/get?name=${m}&version=1`, { name: model, version: '1' }],
      [`model-versions/get-download-uri?name=${m}&version=1`, { name: model, version: '1' }],
      [`registered-models/alias?name=${m}&alias=challenger`, { name: model, alias: 'challenger' }],
    ] as const;
  };
  const prefixes = [ML, '/ajax-api/2.0/mlflow'];

  it('reads its own resources on every such route (the routes work as called)', async () => {
    for (const prefix of prefixes) {
      for (const [path] of reads('mallory')) {
        const answer = await world.req('GET', `${prefix}/${path}`, world.as('mallory'));
        expect([path, answer.status]).toEqual([path, 200]);
      }
    }
    const resolve = await world.req(
      'GET',
      `${V1}/models/resolve?uri=${encodeURIComponent(`models:/${ids.mallory.model}/1`)}`,
      world.as('mallory'),
    );
    expect(resolve.status).toBe(200);
  });

  it('never answers a GET naming the victim in the query and its own resource in a JSON body', async () => {
    const leaks: string[] = [];
    const own = reads('mallory');
    for (const prefix of prefixes) {
      for (const [index, [path]] of reads('victim').entries()) {
        const answer = await world.req('GET', `${prefix}/${path}`, world.as('mallory'), own[index][1]);
        if (answer.status !== 400 || answer.body?.error_code !== ErrorCode.INVALID_PARAMETER_VALUE)
          leaks.push(`${prefix}/${path} -> ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
    const resolve = await world.req(
      'GET',
      `${V1}/models/resolve?uri=${encodeURIComponent(`models:/${ids.victim.model}/1`)}`,
      world.as('mallory'),
      { uri: `models:/${ids.mallory.model}/1` },
    );
    if (resolve.status !== 400) leaks.push(`resolve -> ${resolve.status} ${resolve.text.slice(0, 120)}`);
    expect(leaks).toEqual([]);
    // A body on a GET is refused whoever sends it, even naming the same resource (nothing reads it).
    const same = await world.req('GET', `${ML}/runs/get?run_id=${ids.mallory.run}`, world.as('mallory'), {
      run_id: ids.mallory.run,
    });
    expect(same.status).toBe(400);
  });

  it('refuses an id given twice in the query, in either order', async () => {
    const twice = [
      `runs/get?run_id=${ids.mallory.run}&run_id=${ids.victim.run}`,
      `runs/get?run_id=${ids.victim.run}&run_id=${ids.mallory.run}`,
      `experiments/get?experiment_id=${ids.mallory.exp}&experiment_id=${ids.victim.exp}`,
      `registered-models/get?name=${ids.mallory.model}&name=${ids.victim.model}`,
      `model-versions/get?name=${ids.mallory.model}&name=${ids.victim.model}&version=1`,
    ];
    for (const path of twice) {
      const answer = await world.req('GET', `${ML}/${path}`, world.as('mallory'));
      expect([path, answer.status, answer.body?.error_code]).toEqual([path, 400, ErrorCode.INVALID_PARAMETER_VALUE]);
    }
    const resolve = await world.req(
      'GET',
      `${V1}/models/resolve?uri=${encodeURIComponent(`models:/${ids.mallory.model}/1`)}&uri=${encodeURIComponent(
        `models:/${ids.victim.model}/1`,
      )}`,
      world.as('mallory'),
    );
    expect(resolve.status).toBe(400);
  });

  it('decides a POST on its body only: an id in the query of a POST is not what is checked', async () => {
    // The handler creates the run where the body says (nowhere: refused); the query is never read,
    // so the check is not made on it either (it falls to the default experiment she cannot edit).
    const created = await world.req(
      'POST',
      `${ML}/runs/create?experiment_id=${ids.mallory.exp}`,
      world.as('mallory'),
      {},
    );
    expect(created.status).toBe(403);
    // A body id that is not a single string is refused, never read as its first element.
    const listed = await world.req('POST', `${ML}/runs/log-parameter`, world.as('mallory'), {
      run_id: [ids.mallory.run, ids.victim.run],
      key: 'k',
      value: 'v',
    });
    expect(listed.status).toBe(400);
    const victimRun = await world.req('GET', `${ML}/runs/get?run_id=${ids.victim.run}`, world.as('victim'));
    expect(victimRun.body.run.data.params ?? []).toEqual([]);
  });

  it('on DELETE (MLflow sends a JSON body) reads the body as the handler does, and refuses a conflicting query', async () => {
    const own = ids.mallory.model;
    const victim = ids.victim.model;
    const attempts: Array<[string, Record<string, unknown>]> = [
      [`registered-models/alias?name=${victim}&alias=challenger`, { name: own, alias: 'challenger' }],
      [`registered-models/alias?name=${own}&alias=challenger`, { name: victim, alias: 'challenger' }],
      [`registered-models/alias?name=${own}&alias=challenger`, { name: null, alias: 'challenger' }],
      [`registered-models/delete-tag?name=${victim}&key=k`, { name: own, key: 'k' }],
      [`model-versions/delete?name=${victim}&version=1`, { name: own, version: '1' }],
      [`registered-models/delete?name=${victim}`, { name: own }],
      [`registered-models/delete?name=${own}`, { name: [own, victim] }],
    ];
    const outcomes: string[] = [];
    for (const [path, body] of attempts) {
      const answer: Answer = await world.req('DELETE', `${ML}/${path}`, world.as('mallory'), body);
      outcomes.push(`${path} ${JSON.stringify(body)} -> ${answer.status}`);
    }
    // Whatever each answered, the victim's model, version and alias are untouched.
    const alias = await world.req(
      'GET',
      `${ML}/registered-models/alias?name=${victim}&alias=challenger`,
      world.as('victim'),
    );
    expect([outcomes, alias.status]).toEqual([outcomes, 200]);
    expect(
      (await world.req('GET', `${ML}/model-versions/get?name=${victim}&version=1`, world.as('victim'))).status,
    ).toBe(200);
    // A query that names another resource than the body is refused rather than guessed at.
    const conflicting = await world.req(
      'DELETE',
      `${ML}/registered-models/alias?name=${victim}&alias=challenger`,
      world.as('mallory'),
      {
        name: own,
        alias: 'challenger',
      },
    );
    expect(conflicting.status).toBe(400);
    // Her own alias, named once, is hers to delete.
    const deleted = await world.req('DELETE', `${ML}/registered-models/alias`, world.as('mallory'), {
      name: own,
      alias: 'challenger',
    });
    expect(deleted.status).toBe(200);
  });

  it('treats HEAD as the GET it is (same rule, no body)', async () => {
    const head = await world.req('HEAD', `${ML}/runs/get?run_id=${ids.victim.run}`, world.as('mallory'));
    expect(head.status).toBe(403);
    const own = await world.req('HEAD', `${ML}/runs/get?run_id=${ids.mallory.run}`, world.as('mallory'));
    expect(own.status).toBe(200);
  });

  it('decides a path in another case by the route it reaches (the rule matches the route, not the spelling)', async () => {
    const shouted = await world.req('GET', `/API/2.0/MLFLOW/runs/get?run_id=${ids.victim.run}`, world.as('mallory'));
    expect(shouted.status).toBe(403);
    const ok = await world.req('GET', `/API/2.0/MLFLOW/runs/get?run_id=${ids.mallory.run}`, world.as('mallory'));
    expect(ok.status).toBe(200);
  });
});
