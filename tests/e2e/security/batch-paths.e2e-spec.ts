import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import { Answer, MODES, SecureWorld, V1 } from './harness';

/*
 * Issue 10, finding 2: batch jobs read and wrote any file on the server. A job's dataset and table
 * now resolve under the data roots (after symlinks), remote users bring data in by uploading it,
 * tables and uploads are resources with permissions, and no error echoes a file's content. Each
 * attack runs as a developer (and, where the roots are the point rather than the permissions, as
 * the admin) in both ways to run.
 */

const SERVICES = ['identity', 'tracking', 'registry', 'inference', 'batch'];
const SECRET = `TOPSECRET-${randomBytes(6).toString('hex')}`;

/** Parquet through hyparquet-writer (ESM only: imported through Node's main-context loader). */
async function parquetBytes(columns: Array<{ name: string; data: unknown[]; text: boolean }>): Promise<Buffer> {
  const loader = (vm as unknown as { constants: { USE_MAIN_CONTEXT_DEFAULT_LOADER: symbol } }).constants
    .USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const load = new vm.Script('(s) => import(s)', { importModuleDynamically: loader as never }).runInThisContext() as (
    s: string,
  ) => Promise<{ parquetWriteBuffer(o: unknown): ArrayBuffer }>;
  const { parquetWriteBuffer } = await load('hyparquet-writer');
  const schema = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => ({
      name: c.name,
      type: 'BYTE_ARRAY',
      repetition_type: 'OPTIONAL',
      ...(c.text ? { converted_type: 'UTF8' } : {}),
    })),
  ];
  return Buffer.from(parquetWriteBuffer({ columnData: columns.map(({ name, data }) => ({ name, data })), schema }));
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const ARTICLES = [
  { id: 'a1', article: 'The council met on Monday. It approved the budget.', source: 'wire' },
  { id: 'a2', article: 'Rain is expected tomorrow. Farmers welcome it.', source: 'desk' },
];

describe.each(MODES)('batch data stays under the data roots (issue 10 #2), %s', (_mode, start) => {
  const world = new SecureWorld(
    start,
    { dev1: 'developer', dev2: 'developer', viewer: 'viewer' },
    { services: SERVICES },
  );
  let outside: string;
  let datasets: string;
  let tables: string;
  const s = world.s;

  const submit = (who: 'dev1' | 'dev2' | 'admin', body: Record<string, unknown>) =>
    world.req('POST', `${V1}/batch-jobs`, who === 'admin' ? world.admin : world.as(who), {
      modelUri: 'extractive',
      ...body,
    });
  const upload = (who: 'dev1' | 'dev2' | 'viewer' | 'admin', name: string, body: Buffer | string, type: string) =>
    world.req('PUT', `${V1}/datasets/${name}`, who === 'admin' ? world.admin : world.as(who), Buffer.from(body), {
      'content-type': type,
    });
  /** A dataset an operator placed under the dataset root, readable by `who` (an admin's grant). */
  const place = async (who: 'dev1' | 'dev2', name: string, content: string | Buffer) => {
    writeFileSync(join(datasets, name), content);
    await world.req('POST', `${V1}/permissions`, world.admin, {
      user: world.names[who],
      kind: 'dataset',
      resource_id: name,
      permission: 'READ',
    });
  };
  /** Nothing of a secret in the answer, and no job: the request changed nothing. */
  const refusedCleanly = (answer: Answer, status: number | number[] = 400) => {
    expect([status].flat()).toContain(answer.status);
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toContain('127.0.0.1');
    expect(answer.body?.jobId).toBeUndefined();
  };
  const finished = async (jobId: string, who: 'dev1' | 'admin' = 'admin') => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = await world.req('GET', `${V1}/batch-jobs/${jobId}`, who === 'admin' ? world.admin : world.as(who));
      if (job.body?.state !== 'RUNNING') return job.body;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'llmops-outside-'));
    await world.start();
    datasets = join(world.platform.root, 'datasets');
    tables = join(world.platform.root, 'tables');
    mkdirSync(datasets, { recursive: true });
    mkdirSync(tables, { recursive: true });
    // A secret outside the roots, as CSV (first line a secret) and as a valid dataset (rows that are secrets).
    writeFileSync(join(outside, 'secret.csv'), `${SECRET},password=hunter2\nsecond line\n`);
    writeFileSync(join(outside, 'private.jsonl'), jsonl([{ id: 'p1', article: `${SECRET}. Salaries.` }]));
  }, 240_000);

  afterAll(async () => {
    await world.stop();
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  it('never reads a dataset outside the roots, whatever the spelling, and never echoes a file', async () => {
    const secret = join(outside, 'secret.csv');
    const escapes = [
      '/etc/hosts',
      secret,
      pathToFileURL(secret).href,
      `file://${secret.replace(/\//g, '/./')}`,
      `../../../../../../../..${secret}`,
      `news/../../${secret}`,
      `%2e%2e/%2e%2e/${secret}`,
      `file:///${datasets}/%2e%2e/%2e%2e${secret}`,
      `${datasets}/../../${secret}`,
      `file://localhost${secret}`,
      `s3://bucket/${secret}`,
      `news/a\u0000.jsonl`,
      '~/.ssh/id_rsa',
    ];
    for (const datasetUri of escapes) {
      for (const datasetFormat of ['csv', 'jsonl', 'parquet']) {
        for (const who of ['dev1', 'admin'] as const) {
          const answer = await submit(who, { datasetUri, datasetFormat, outputTable: `t-${s}` });
          refusedCleanly(answer, [400, 403]);
        }
      }
    }
    expect(existsSync(join(tables, `t-${s}`))).toBe(false);
  });

  it('never echoes the content of a file in the roots that is not what its format says', async () => {
    // An operator's file whose first line is a secret, read by the admin (who may) as every format.
    writeFileSync(join(datasets, `ops-${s}.csv`), `${SECRET},x\n1\n`);
    writeFileSync(join(datasets, `ops-${s}.jsonl`), `${SECRET}\n{"id":1}\n`);
    for (const name of [`ops-${s}.csv`, `ops-${s}.jsonl`]) {
      for (const datasetFormat of ['csv', 'jsonl', 'parquet']) {
        const answer = await submit('admin', { datasetUri: name, datasetFormat, outputTable: `t-${s}` });
        refusedCleanly(answer);
      }
    }
    // A CSV whose header line is a secret: the missing columns are named, the header is not.
    const header = await submit('admin', { datasetUri: `ops-${s}.csv`, outputTable: `t-${s}` });
    refusedCleanly(header);
    // A developer without READ learns nothing of it, not even whether it exists.
    const denied = await submit('dev1', { datasetUri: `ops-${s}.jsonl`, outputTable: `t-${s}` });
    refusedCleanly(denied, 403);
    const missing = await submit('dev1', { datasetUri: `no-such-${s}.jsonl`, outputTable: `t-${s}` });
    expect(missing.status).toBe(403);
  });

  it('refuses symlinks out of the root, to a file or through a directory', async () => {
    symlinkSync(join(outside, 'private.jsonl'), join(datasets, `link-${s}.jsonl`));
    symlinkSync(outside, join(datasets, `dir-${s}`));
    for (const datasetUri of [
      `link-${s}.jsonl`,
      `dir-${s}/private.jsonl`,
      join(datasets, `link-${s}.jsonl`),
      pathToFileURL(join(datasets, `dir-${s}`, 'private.jsonl')).href,
    ]) {
      const answer = await submit('admin', { datasetUri, outputTable: `t-${s}`, keepColumns: ['article'] });
      refusedCleanly(answer);
    }
    expect(existsSync(join(tables, `t-${s}`))).toBe(false);
  });

  it('never creates or writes a table outside the roots', async () => {
    // A dataset dev1 may read, by absolute path: nothing but the table is in question here.
    await place('dev1', `in-${s}.jsonl`, jsonl(ARTICLES));
    const datasetUri = join(datasets, `in-${s}.jsonl`);
    symlinkSync(outside, join(tables, `out-${s}`));
    const targets = [
      join(outside, 'evil'),
      pathToFileURL(join(outside, 'evil2')).href,
      `../../../..${outside}/evil3`,
      `%2e%2e/%2e%2e/evil4`,
      `out-${s}/evil5`,
      join(tables, `out-${s}`, 'evil6'),
      `${tables}/../evil7`,
      outside,
    ];
    for (const outputTable of targets) {
      for (const who of ['dev1', 'admin'] as const) {
        refusedCleanly(await submit(who, { datasetUri, outputTable }), [400, 403]);
      }
    }
    for (const name of ['evil', 'evil2', 'evil3', 'evil4', 'evil5', 'evil6', 'evil7']) {
      expect(existsSync(join(outside, name))).toBe(false);
    }
    expect(existsSync(join(outside, '_delta_log'))).toBe(false);
  });

  it('takes datasets in by upload: content type and format checked, nothing echoed, never replaced', async () => {
    const name = `up-${s}/news.jsonl`;
    const created = await upload('dev1', name, jsonl(ARTICLES), 'application/x-ndjson');
    expect(created.status).toBe(201);
    expect(created.body.dataset).toMatchObject({ name, format: 'jsonl', rows: 2, createdBy: world.names.dev1 });
    // The same bytes again: nothing changes; other bytes under the name: refused.
    expect((await upload('dev1', name, jsonl(ARTICLES), 'application/x-ndjson')).status).toBe(200);
    expect((await upload('dev1', name, jsonl(ARTICLES.slice(1)), 'application/x-ndjson')).body.error_code).toBe(
      'RESOURCE_ALREADY_EXISTS',
    );
    // Another user cannot take the name, nor learn the content by uploading the same bytes.
    expect((await upload('dev2', name, jsonl(ARTICLES), 'application/x-ndjson')).body.error_code).toBe(
      'RESOURCE_ALREADY_EXISTS',
    );
    // Wrong type, bad content (not echoed), a format the bytes contradict, names out of the root.
    refusedCleanly(await upload('dev1', `x-${s}.jsonl`, 'hello', 'text/plain'));
    refusedCleanly(await upload('dev1', `x-${s}.jsonl`, `${SECRET}\n`, 'application/x-ndjson'));
    refusedCleanly(await upload('dev1', `x-${s}.csv`, `${SECRET}\u0000\u0001`, 'text/csv'));
    refusedCleanly(await upload('dev1', `x-${s}.parquet`, `${SECRET}`, 'application/octet-stream'));
    for (const bad of ['..%2F..%2Fevil.jsonl', '%2e%2e/evil.jsonl', '.uploads/x.jsonl', `dir-${s}/escaped.jsonl`]) {
      refusedCleanly(await upload('dev1', bad, jsonl(ARTICLES), 'application/x-ndjson'));
    }
    expect(existsSync(join(outside, 'escaped.jsonl'))).toBe(false);
    // Viewers read, they do not upload.
    expect((await upload('viewer', `v-${s}.jsonl`, jsonl(ARTICLES), 'application/x-ndjson')).status).toBe(403);
  });

  it('refuses a datasetFormat that disagrees with the content', async () => {
    const parquet = await parquetBytes([
      { name: 'id', data: ['1'], text: true },
      { name: 'article', data: ['An article. Here.'], text: true },
    ]);
    writeFileSync(join(datasets, `pq-${s}.jsonl`), parquet);
    const placed = await submit('admin', {
      datasetUri: join(datasets, `pq-${s}.jsonl`),
      outputTable: join(tables, `fmt-${s}`),
    });
    expect(placed.status).toBe(400);
    expect(placed.body.message).toMatch(/is a Parquet file, not jsonl/);
    const name = `fmt-${s}.csv`;
    expect((await upload('dev1', name, 'id,article\n1,One sentence. Two.\n', 'text/csv')).status).toBe(201);
    const answer = await submit('dev1', { datasetUri: name, datasetFormat: 'jsonl', outputTable: `fmt-${s}` });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/uploaded as csv, not jsonl/);
  });

  it('does not copy huge or binary data through kept columns', async () => {
    const big = `big-${s}.jsonl`;
    const rows = [...ARTICLES, { id: 'huge', article: 'A short article. Really.', source: 'x'.repeat(200_000) }];
    await place('dev1', big, jsonl(rows));
    const kept = { outputTable: join(tables, `kept-${s}`), keepColumns: ['source'] };
    const job = await submit('dev1', { datasetUri: join(datasets, big), ...kept });
    expect(job.status).toBe(201);
    const done = await finished(job.body.jobId, 'dev1');
    expect(done.state).toBe('PARTIALLY_FAILED');
    expect(done.failedRowIds).toEqual(['huge']);
    expect(done.partitionDetails.map((p: { rowsWritten: number }) => p.rowsWritten)).toEqual([2]);
    expect(JSON.stringify(done)).not.toContain('xxxxxxxx');
    // Binary columns are never kept (their bytes would be copied as text).
    const parquet = await parquetBytes([
      { name: 'id', data: ['1', '2'], text: true },
      { name: 'article', data: ['An article. Here.', 'Another one. There.'], text: true },
      { name: 'blob', data: [new Uint8Array([0, 1, 2]), new Uint8Array([255, 0])], text: false },
    ]);
    await place('dev1', `bin-${s}.parquet`, parquet);
    const binary = await submit('dev1', {
      datasetUri: join(datasets, `bin-${s}.parquet`),
      ...kept,
      keepColumns: ['blob'],
    });
    expect(binary.status).toBe(400);
    expect(binary.body.message).toMatch(/blob hold binary data/);
  });

  it("keeps another user's datasets and tables theirs: READ to use or see, EDIT to append", async () => {
    const data = `mine-${s}.jsonl`;
    const table = `owned-${s}`;
    // Placed by an operator and granted (absolute paths under the roots: also what the code before
    // the fix took, so this shows the hole there rather than a missing upload route).
    await place('dev1', data, jsonl(ARTICLES));
    await place('dev2', `d2-${s}.jsonl`, jsonl(ARTICLES));
    const first = await submit('dev1', {
      datasetUri: join(datasets, data),
      outputTable: join(tables, table),
      keepColumns: ['source'],
    });
    expect(first.status).toBe(201);
    // dev2 may not append to dev1's new table, by any spelling.
    for (const outputTable of [join(tables, table), pathToFileURL(join(tables, table)).href, table]) {
      const answer = await submit('dev2', {
        datasetUri: join(datasets, `d2-${s}.jsonl`),
        outputTable,
        keepColumns: ['source'],
      });
      expect(answer.status).toBe(403);
    }
    expect(first.body).toMatchObject({ datasetUri: data, outputTable: table, owner: world.names.dev1 });
    await finished(first.body.jobId, 'dev1');
    const view = await world.req('GET', `${V1}/tables/${table}`, world.as('dev1'));
    expect(view.body.table).toMatchObject({ name: table, createdBy: world.names.dev1, numRows: 2 });

    // dev2: not the dataset, not the table, not even through the absolute path or a file:// URI.
    expect((await submit('dev2', { datasetUri: data, outputTable: `d2-${s}` })).status).toBe(403);
    expect((await submit('dev2', { datasetUri: join(datasets, data), outputTable: `d2-${s}` })).status).toBe(403);
    expect((await world.req('GET', `${V1}/datasets/${data}`, world.as('dev2'))).status).toBe(403);
    expect((await world.req('GET', `${V1}/tables/${table}`, world.as('dev2'))).status).toBe(403);
    const listed = await world.req('GET', `${V1}/datasets`, world.as('dev2'));
    expect(listed.body.datasets.map((d: { name: string }) => d.name)).not.toContain(data);
    expect((await world.req('DELETE', `${V1}/datasets/${data}`, world.as('dev2'))).status).toBe(403);
    // Nested in someone's table: refused.
    expect((await submit('dev2', { datasetUri: `d2-${s}.jsonl`, outputTable: `${table}/inner` })).status).toBe(400);

    // READ lets dev2 see the table, not append; EDIT lets it append.
    const grant = (permission: string) =>
      world.req('POST', `${V1}/permissions`, world.admin, {
        user: world.names.dev2,
        kind: 'table',
        resource_id: table,
        permission,
      });
    expect((await grant('READ')).status).toBe(201);
    expect((await world.req('GET', `${V1}/tables/${table}`, world.as('dev2'))).status).toBe(200);
    expect(
      (await submit('dev2', { datasetUri: `d2-${s}.jsonl`, outputTable: table, keepColumns: ['source'] })).status,
    ).toBe(403);
    expect((await grant('EDIT')).status).toBe(201);
    const appended = await submit('dev2', { datasetUri: `d2-${s}.jsonl`, outputTable: table, keepColumns: ['source'] });
    expect(appended.status).toBe(201);
    await finished(appended.body.jobId);
    expect((await world.req('GET', `${V1}/tables/${table}`, world.as('dev2'))).body.table.numRows).toBe(4);

    // The uploader of a dataset deletes it; its grants go with it.
    const upped = `up-del-${s}.jsonl`;
    expect((await upload('dev1', upped, jsonl(ARTICLES), 'application/x-ndjson')).status).toBe(201);
    expect((await world.req('DELETE', `${V1}/datasets/${upped}`, world.as('dev2'))).status).toBe(403);
    expect((await world.req('DELETE', `${V1}/datasets/${upped}`, world.as('dev1'))).status).toBe(200);
    expect(existsSync(join(datasets, upped))).toBe(false);
    expect((await world.req('GET', `${V1}/datasets/${upped}`, world.as('dev1'))).status).toBe(403);
  });
});
