import { ErrorCode } from '@llmops/contract';
import { Answer, bearer, ML, MODES, SecureWorld, V1 } from './harness';

/**
 * Finding 11 of the security review: inputs the platform cannot store or serve answered 500
 * (INTERNAL_ERROR) instead of a clear 400 that changes nothing. Each class is attacked on several
 * routes, not only where it was found: NUL in any text field, artifact names longer than a file
 * name may be, JSON nested without end, page tokens pointing far past the end, oversized tokens,
 * and empty path segments.
 */
describe.each(MODES)('input limits, %s', (_mode, start) => {
  const world = new SecureWorld(start, { dev: 'developer' });
  let exp: string;
  let run: string;
  const model = () => `limits-${world.s}`;

  beforeAll(async () => {
    await world.start();
    exp = (await world.req('POST', `${ML}/experiments/create`, world.as('dev'), { name: `limits-${world.s}` })).body
      .experiment_id;
    run = (await world.req('POST', `${ML}/runs/create`, world.as('dev'), { experiment_id: exp })).body.run.info.run_id;
    await world.req('POST', `${ML}/registered-models/create`, world.as('dev'), { name: model() });
  });

  afterAll(() => world.stop());

  const refused = (answers: Array<[string, Answer]>, status = 400) =>
    answers
      .filter(([, a]) => a.status !== status || a.body?.error_code !== ErrorCode.INVALID_PARAMETER_VALUE)
      .map(([what, a]) => `${what} -> ${a.status} ${a.text.slice(0, 160)}`);

  it('refuses NUL in any text field with 400, on every route it was tried, and stores nothing', async () => {
    const nul = 'a\u0000b';
    const dev = world.as('dev');
    const attempts: Array<[string, () => Promise<Answer>]> = [
      ['param value', () => world.req('POST', `${ML}/runs/log-parameter`, dev, { run_id: run, key: 'k', value: nul })],
      ['param key', () => world.req('POST', `${ML}/runs/log-parameter`, dev, { run_id: run, key: nul, value: 'v' })],
      ['experiment name', () => world.req('POST', `${ML}/experiments/create`, dev, { name: `x${nul}` })],
      ['platform experiment', () => world.req('POST', `${V1}/experiments`, dev, { name: `x${nul}` })],
      ['run tag', () => world.req('POST', `${ML}/runs/set-tag`, dev, { run_id: run, key: 't', value: nul })],
      ['run name', () => world.req('POST', `${ML}/runs/update`, dev, { run_id: run, run_name: nul })],
      [
        'log-batch tag',
        () => world.req('POST', `${ML}/runs/log-batch`, dev, { run_id: run, tags: [{ key: 'k', value: nul }] }),
      ],
      [
        'metric key',
        () => world.req('POST', `${ML}/runs/log-metric`, dev, { run_id: run, key: nul, value: 1, timestamp: 1 }),
      ],
      [
        'experiment tag',
        () =>
          world.req('POST', `${ML}/experiments/set-experiment-tag`, dev, { experiment_id: exp, key: 'k', value: nul }),
      ],
      ['model name', () => world.req('POST', `${ML}/registered-models/create`, dev, { name: `m${nul}` })],
      [
        'model description',
        () => world.req('PATCH', `${ML}/registered-models/update`, dev, { name: model(), description: nul }),
      ],
      [
        'model tag',
        () => world.req('POST', `${ML}/registered-models/set-tag`, dev, { name: model(), key: 'k', value: nul }),
      ],
      [
        'search filter',
        () => world.req('POST', `${ML}/runs/search`, dev, { experiment_ids: [exp], filter: `params.k = '${nul}'` }),
      ],
      ['query string', () => world.req('GET', `${ML}/experiments/get-by-name?experiment_name=a%00b`, dev)],
      ['platform param', () => world.req('POST', `${V1}/runs/${run}/params`, dev, { key: 'k2', value: nul })],
      [
        'prediction',
        () => world.req('POST', `${V1}/runs/${run}/predictions`, dev, { predictions: [{ input: nul, output: 'o' }] }),
      ],
      [
        'escaped in JSON text',
        () => world.req('POST', `${ML}/runs/set-tag`, dev, `{"run_id":"${run}","key":"t2","value":"a\\u0000b"}`),
      ],
    ];
    const answers: Array<[string, Answer]> = [];
    for (const [what, send] of attempts) answers.push([what, await send()]);
    expect(refused(answers)).toEqual([]);
    const stored = await world.req('GET', `${ML}/runs/get?run_id=${run}`, dev);
    expect(stored.status).toBe(200);
    expect(stored.text).not.toContain('\\u0000');
  });

  it('refuses artifact names longer than 255 bytes, and empty path segments, with 400', async () => {
    const dev = world.as('dev');
    const long = 'a'.repeat(256);
    const wide = 'é'.repeat(128); // 256 bytes in UTF-8
    const proxied = `/api/2.0/mlflow-artifacts/artifacts/${exp}/${run}/artifacts`;
    const answers: Array<[string, Answer]> = [
      ['upload long', await world.req('PUT', `${V1}/runs/${run}/artifacts/${long}`, dev, 'x')],
      ['upload wide', await world.req('PUT', `${V1}/runs/${run}/artifacts/d/${encodeURIComponent(wide)}`, dev, 'x')],
      ['download long', await world.req('GET', `${V1}/runs/${run}/artifacts/${long}`, dev)],
      ['list long', await world.req('GET', `${V1}/runs/${run}/artifacts?path=${long}`, dev)],
      ['mlflow list long', await world.req('GET', `${ML}/artifacts/list?run_id=${run}&path=${long}`, dev)],
      ['proxy upload long', await world.req('PUT', `${proxied}/${long}`, dev, 'x')],
      [
        'proxy list long',
        await world.req('GET', `/api/2.0/mlflow-artifacts/artifacts?path=${exp}/${run}/artifacts/${long}`, dev),
      ],
      ['upload a//b.txt', await world.req('PUT', `${V1}/runs/${run}/artifacts/a//b.txt`, dev, 'x')],
      ['proxy upload a//b.txt', await world.req('PUT', `${proxied}/a//b.txt`, dev, 'x')],
      ['download a//b.txt', await world.req('GET', `${V1}/runs/${run}/artifacts/a//b.txt`, dev)],
    ];
    expect(refused(answers)).toEqual([]);
    // Nothing was written under the empty segment's neighbour either.
    const listed = await world.req('GET', `${V1}/runs/${run}/artifacts`, dev);
    expect(listed.status).toBe(200);
    expect(listed.body.files ?? []).toEqual([]);
  });

  it('refuses JSON nested deeper than the limit with 400, on any JSON route', async () => {
    const deep = (depth: number) => `{"run_id":"${run}","key":"k","value":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const answers: Array<[string, Answer]> = [];
    for (const path of [
      `${ML}/runs/log-parameter`,
      `${ML}/experiments/create`,
      `${V1}/summarize`,
      `${V1}/runs/search`,
    ]) {
      answers.push([path, await world.req('POST', path, world.as('dev'), deep(100_000))]);
    }
    expect(refused(answers)).toEqual([]);
    // A body within the limit is read (and refused by validation for its type, not by depth).
    const shallow = await world.req('POST', `${ML}/runs/log-parameter`, world.as('dev'), deep(3));
    expect(shallow.status).toBe(400);
    expect(shallow.body.message).not.toMatch(/nested/);
  });

  it('refuses a page token pointing far past the end with 400, on tracking and registry searches', async () => {
    const dev = world.as('dev');
    for (let i = 0; i < 2; i++) await world.req('POST', `${ML}/runs/create`, dev, { experiment_id: exp });
    const first = await world.req('POST', `${ML}/runs/search`, dev, { experiment_ids: [exp], max_results: 1 });
    const state = JSON.parse(Buffer.from(first.body.next_page_token, 'base64url').toString('utf8'));
    const tracking = (o: number) => Buffer.from(JSON.stringify({ ...state, o })).toString('base64url');
    const registry = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
    const answers: Array<[string, Answer]> = [];
    for (const o of [Number.MAX_SAFE_INTEGER, 2 ** 40]) {
      answers.push([
        `runs ${o}`,
        await world.req('POST', `${ML}/runs/search`, dev, {
          experiment_ids: [exp],
          max_results: 1,
          page_token: tracking(o),
        }),
      ]);
    }
    for (const offset of [1e300, Number.MAX_SAFE_INTEGER, 2 ** 40]) {
      answers.push([
        `models ${offset}`,
        await world.req('GET', `${ML}/registered-models/search?page_token=${registry(offset)}`, dev),
      ]);
      answers.push([
        `versions ${offset}`,
        await world.req('GET', `${ML}/model-versions/search?page_token=${registry(offset)}`, dev),
      ]);
    }
    expect(refused(answers)).toEqual([]);
  });

  it('refuses numbers beyond what is stored (times, versions) and over-long artifact paths with 400', async () => {
    const dev = world.as('dev');
    const uri = encodeURIComponent(`models:/${model()}/99999999999999999999`);
    const answers: Array<[string, Answer]> = [
      ['run start', await world.req('POST', `${ML}/runs/create`, dev, { experiment_id: exp, start_time: 1e20 })],
      ['run end', await world.req('POST', `${ML}/runs/update`, dev, { run_id: run, end_time: 1e20 })],
      [
        'metric step',
        await world.req('POST', `${ML}/runs/log-metric`, dev, {
          run_id: run,
          key: 'm',
          value: 1,
          timestamp: 1,
          step: 1e20,
        }),
      ],
      ['resolve version', await world.req('GET', `${V1}/models/resolve?uri=${uri}`, dev)],
      ['version', await world.req('GET', `${ML}/model-versions/get?name=${model()}&version=9999999999`, dev)],
      ['deep path', await world.req('PUT', `${V1}/runs/${run}/artifacts/${'d/'.repeat(1100)}f`, dev, 'x')],
    ];
    expect(refused(answers)).toEqual([]);
  });

  it('answers a bearer token longer than any real one 401, not 400', async () => {
    for (const token of ['x'.repeat(513), `llmops_${'A'.repeat(10_000)}`]) {
      const answer = await world.req('GET', `${V1}/experiments`, bearer(token));
      expect([answer.status, answer.body.error_code]).toEqual([401, ErrorCode.UNAUTHENTICATED]);
    }
  });
});
