import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { MODES, SecureWorld, suffix, V1 } from './harness';

/*
 * Issue 10, finding 10 (jobs): every batch job (its dataset, table, model) and its event stream
 * were visible to every user. A job is now seen by its owner, by those who may read the table it
 * writes, by those it was granted to (`batch_job` permission) and by admins; lists are filtered in
 * the query (a page is never emptied by hidden jobs), and the event stream shows nothing of a job
 * its caller may not see. The model a job names still needs READ, the configured default too.
 */

const SERVICES = ['identity', 'tracking', 'registry', 'inference', 'batch'];
const DEFAULT_MODEL = `default-model-${suffix()}`;
const ARTICLES =
  [
    { id: 'a1', article: 'The council met on Monday. It approved the budget.' },
    { id: 'a2', article: 'Rain is expected tomorrow. Farmers welcome it.' },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n') + '\n';

/** The raw text of an SSE answer (the server ends the stream when the job is finished or refused). */
function sse(url: string, path: string, auth: string): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path, headers: { authorization: auth, accept: 'text/event-stream' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`SSE ${path} did not end`)));
    req.on('error', reject);
    req.end();
  });
}

describe.each(MODES)('batch jobs are visible to who may see them (issue 10 #10), %s', (_mode, start) => {
  const world = new SecureWorld(
    start,
    { owner: 'developer', other: 'developer', reader: 'viewer', grantee: 'viewer' },
    { services: SERVICES, env: { BATCH_DEFAULT_MODEL_NAME: DEFAULT_MODEL } },
  );
  const s = world.s;
  const table = `vis-${s}`;
  let hiddenJob: string;
  let otherJob: string;

  const as = (who: 'owner' | 'other' | 'reader' | 'grantee' | 'admin') =>
    who === 'admin' ? world.admin : world.as(who);
  /** A dataset an operator placed under the dataset root, readable by `who` (an admin's grant). */
  const place = async (who: 'owner' | 'other', name: string) => {
    mkdirSync(join(world.platform.root, 'datasets'), { recursive: true });
    writeFileSync(join(world.platform.root, 'datasets', name), ARTICLES);
    await world.req('POST', `${V1}/permissions`, world.admin, {
      user: world.names[who],
      kind: 'dataset',
      resource_id: name,
      permission: 'READ',
    });
  };
  // Absolute paths under the data roots: what an operator's scripts send (and the only form the
  // code before the fix understood, so this suite shows the leak there rather than a missing route).
  const submit = (who: 'owner' | 'other', body: { datasetUri: string; outputTable: string }) =>
    world.req('POST', `${V1}/batch-jobs`, as(who), {
      modelUri: 'extractive',
      ...body,
      datasetUri: join(world.platform.root, 'datasets', body.datasetUri),
      outputTable: join(world.platform.root, 'tables', body.outputTable),
    });
  const ids = async (who: 'owner' | 'other' | 'reader' | 'grantee' | 'admin', query = '') =>
    ((await world.req('GET', `${V1}/batch-jobs${query}`, as(who))).body.jobs as Array<{ jobId: string }>).map(
      (j) => j.jobId,
    );
  const finished = async (jobId: string) => {
    const deadline = Date.now() + 60_000;
    while ((await world.req('GET', `${V1}/batch-jobs/${jobId}`, world.admin)).body.state === 'RUNNING') {
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    await world.start();
    await place('other', `other-${s}.jsonl`);
    const mine = await submit('other', { datasetUri: `other-${s}.jsonl`, outputTable: `other-${s}` });
    expect(mine.status).toBe(201);
    otherJob = mine.body.jobId;
    // Jobs of another user, newer than `other`'s: a page of one must still find `other`'s own.
    await place('owner', `owner-${s}.jsonl`);
    for (let i = 0; i < 3; i++) {
      const job = await submit('owner', { datasetUri: `owner-${s}.jsonl`, outputTable: table });
      expect(job.status).toBe(201);
      hiddenJob = job.body.jobId;
    }
    await finished(hiddenJob);
    await finished(otherJob);
  }, 240_000);

  afterAll(() => world.stop());

  it("hides another user's job on get, list and its event stream", async () => {
    const got = await world.req('GET', `${V1}/batch-jobs/${hiddenJob}`, as('other'));
    expect(got.status).toBe(404);
    expect(got.text).not.toContain(`owner-${s}`);
    expect(got.text).not.toContain(table);
    expect(await ids('other')).not.toContain(hiddenJob);
    expect(await ids('reader')).toEqual([]);
    const events = await sse(world.url, `${V1}/batch-jobs/${hiddenJob}/events`, as('other'));
    expect(events.text).not.toContain(`owner-${s}`);
    expect(events.text).not.toContain('event: job');
    expect(events.text).not.toContain('event: finished');
    // The owner and admins see it, with its owner named.
    const own = await world.req('GET', `${V1}/batch-jobs/${hiddenJob}`, as('owner'));
    expect(own.body).toMatchObject({ jobId: hiddenJob, owner: world.names.owner, outputTable: table });
    expect(await ids('admin')).toEqual(expect.arrayContaining([hiddenJob, otherJob]));
    expect((await sse(world.url, `${V1}/batch-jobs/${hiddenJob}/events`, as('owner'))).text).toMatch(/event: job/);
  });

  it('filters the list in the query: a page is never emptied (nor shortened) by jobs the caller may not see', async () => {
    expect(await ids('other', '?limit=1')).toEqual([otherJob]);
    expect(await ids('other', '?limit=1&state=SUCCEEDED')).toEqual([otherJob]);
    expect(await ids('owner', '?limit=2')).toHaveLength(2);
    expect(await ids('owner', '?limit=5')).not.toContain(otherJob);
  });

  it('shows a job to readers of its table and to users it is granted to', async () => {
    const grant = (who: 'reader' | 'grantee', kind: string, resource_id: string) =>
      world.req('POST', `${V1}/permissions`, world.admin, {
        user: world.names[who],
        kind,
        resource_id,
        permission: 'READ',
      });
    expect((await grant('reader', 'table', table)).status).toBe(201);
    expect((await world.req('GET', `${V1}/batch-jobs/${hiddenJob}`, as('reader'))).status).toBe(200);
    expect(await ids('reader')).toHaveLength(3);
    expect(await ids('reader')).not.toContain(otherJob);
    expect((await grant('grantee', 'batch_job', hiddenJob)).status).toBe(201);
    expect(await ids('grantee')).toEqual([hiddenJob]);
    expect((await world.req('GET', `${V1}/batch-jobs/${hiddenJob}`, as('grantee'))).status).toBe(200);
    const stream = await sse(world.url, `${V1}/batch-jobs/${hiddenJob}/events`, as('grantee'));
    expect(stream.text).toMatch(/event: job/);
    expect(stream.text).toMatch(/event: finished/);
  });

  it("reads a job's table, version by version, only with the job visible and READ on the table", async () => {
    // After the grants above: `reader` may read the table, `grantee` may see the job but not its table.
    const paths = [`${V1}/batch-jobs/${hiddenJob}/table`, `${V1}/batch-jobs/${hiddenJob}/table/rows?version=1&limit=1`];
    for (const path of paths) {
      const other = await world.req('GET', path, as('other'));
      expect([path, other.status]).toEqual([path, 404]);
      expect(other.text).not.toContain(table);
      const grantee = await world.req('GET', path, as('grantee'));
      expect([path, grantee.status, grantee.body.error_code]).toEqual([path, 403, 'PERMISSION_DENIED']);
      for (const who of ['reader', 'owner', 'admin'] as const) {
        const seen = await world.req('GET', path, as(who));
        expect([path, who, seen.status, seen.status === 200 ? '' : seen.text]).toEqual([path, who, 200, '']);
      }
    }
    const rows = await world.req('GET', paths[1], as('reader'));
    expect(rows.body).toMatchObject({ jobId: hiddenJob, table, version: 1 });
    expect(rows.body.rows).toHaveLength(1);
  });

  it('still needs READ on the model a job names, and on the configured default model', async () => {
    const model = `vis-model-${s}`;
    expect((await world.req('POST', `${V1}/registered-models`, as('owner'), { name: model })).status).toBe(201);
    const job = {
      datasetUri: join(world.platform.root, 'datasets', `other-${s}.jsonl`),
      outputTable: join(world.platform.root, 'tables', `other-${s}`),
    };
    for (const body of [
      { modelName: model },
      { modelUri: `models:/${model}/1` },
      { modelUri: `models:/${model}@champion` },
    ]) {
      const answer = await world.req('POST', `${V1}/batch-jobs`, as('other'), { ...job, ...body });
      expect(answer.status).toBe(403);
    }
    // No model named: the orchestrator's default (`models:/<default>/Production`) is checked too.
    const byDefault = await world.req('POST', `${V1}/batch-jobs`, as('other'), job);
    expect(byDefault.status).toBe(403);
    expect(byDefault.body.message).toContain(DEFAULT_MODEL);
  });
});
