import { PGlite } from '@electric-sql/pglite';
import { createPGlitePoolClass, PGliteQueryResult } from './pglite-pool';

/** The pool's statements go through PGlite's wire protocol, converted and parsed as node-postgres does. */
describe('PGlite pool: statements', () => {
  const Pool = createPGlitePoolClass('memory');
  const pool = new Pool();
  const query = (sql: string, params?: unknown[]) => pool.query(sql, params) as Promise<PGliteQueryResult>;

  beforeAll(async () => {
    await query('CREATE TABLE t (id int PRIMARY KEY, flag boolean, at timestamptz, doc jsonb, bin bytea, n numeric)');
  });

  afterAll(() => pool.end());

  it('sends parameters as node-postgres does and parses results as before (int8 and numeric as text)', async () => {
    const at = new Date('2026-12-06T01:02:03.456Z');
    await query('INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)', [
      1,
      true,
      at,
      { a: [1, 'x'] },
      Buffer.from([0, 255]),
      '1.50',
    ]);
    await query('INSERT INTO t (id, flag) VALUES ($1, $2), ($3, $4)', [2, 1, 3, 'false']);
    const { rows } = await query('SELECT id, flag, at, doc, bin, n, 5::bigint AS big FROM t ORDER BY id');
    expect(rows[0]).toEqual({
      id: 1,
      flag: true,
      at,
      doc: { a: [1, 'x'] },
      bin: new Uint8Array([0, 255]),
      n: '1.50',
      big: '5',
    });
    expect(rows.slice(1).map((r) => (r as { flag: boolean }).flag)).toEqual([true, false]);
  });

  it('sends arrays as literals, quotes, commas, nulls and non-finite numbers included', async () => {
    const texts = ['a,b', 'say "hi"', 'back\\slash', '{x}', null, ''];
    const { rows } = await query(
      'SELECT $1::text[] AS texts, $2::float8[] AS floats, $3::bigint[] AS bigs, ($1::text[])[5] IS NULL AS fifth_null',
      [texts, [1.5, 'NaN', 'Infinity', '-Infinity'], ['9007199254740993']],
    );
    expect(rows[0]).toEqual({
      // PGlite's array parser reads a NULL element as the text 'NULL' (as before; the element is NULL).
      texts: texts.map((t) => t ?? 'NULL'),
      fifth_null: true,
      floats: [1.5, NaN, Infinity, -Infinity],
      bigs: ['9007199254740993'],
    });
  });

  it('reports the rows a command changed, and the last result of several statements', async () => {
    expect((await query('UPDATE t SET n = $1 WHERE id > $2', ['2', 1])).rowCount).toBe(2);
    // As node-postgres: a SELECT's count is its rows', a command without one counts none.
    expect((await query('SELECT id FROM t WHERE id > $1', [0])).rowCount).toBe(3);
    expect((await query('SELECT 1 AS one')).rowCount).toBe(1);
    expect((await query('CREATE TEMP TABLE u (x int)')).rowCount).toBe(0);
    const last = await query('SELECT 1 AS one; SELECT 2 AS two; UPDATE t SET n = 3 WHERE id = 3');
    expect(last.rows).toEqual([]);
    expect((await query('SELECT 1 AS one; SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('answers statements in flight at once on one client each with its own rows', async () => {
    // TypeORM runs a transaction's lookups with Promise.all on its one client.
    type Client = { query: typeof query };
    const [client, release] = await new Promise<[Client, () => void]>((resolve, reject) =>
      pool.connect((error, c, done) => (error ? reject(error) : resolve([c as unknown as Client, done!]))),
    );
    try {
      const answers = await Promise.all(
        [1, 2, 3, 4].map((n) => client.query('SELECT $1::int AS n FROM generate_series(1, $1::int)', [n])),
      );
      expect(answers.map((a) => a.rows.length)).toEqual([1, 2, 3, 4]);
      expect(answers.map((a) => a.rows[0])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    } finally {
      release();
    }
  });

  it('makes one call into PostgreSQL per statement', async () => {
    const calls = jest.spyOn(PGlite.prototype, 'execProtocolRawSync');
    try {
      await query('SELECT $1::int AS x', [1]);
      await query('SELECT 1 AS x');
      expect(calls).toHaveBeenCalledTimes(2);
    } finally {
      calls.mockRestore();
    }
  });

  it("sends no DEBUG notices with each statement (PGlite's session starts at debug3)", async () => {
    const execProtocol = jest.spyOn(PGlite.prototype, 'execProtocolStream');
    try {
      await query('SELECT $1::int AS x', [1]);
      const messages = await execProtocol.mock.results[0].value;
      expect(messages.filter((m: { name: string }) => m.name === 'notice')).toEqual([]);
      expect((await query('SHOW log_min_messages')).rows).toEqual([{ log_min_messages: 'warning' }]);
    } finally {
      execProtocol.mockRestore();
    }
  });

  it("throws PostgreSQL's error with its code, and the connection serves the next statement", async () => {
    await expect(query('INSERT INTO t (id) VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' });
    await expect(query('SELECT 1/0 AS x')).rejects.toMatchObject({ code: '22012' });
    expect((await query('SELECT $1::int AS x', [7])).rows).toEqual([{ x: 7 }]);
  });

  it('keeps a failed transaction aborted until it is rolled back', async () => {
    type Client = { query: typeof query };
    const [client, release] = await new Promise<[Client, () => void]>((resolve, reject) =>
      pool.connect((error, c, done) => (error ? reject(error) : resolve([c as unknown as Client, done!]))),
    );
    await client.query('BEGIN');
    await client.query('INSERT INTO t (id) VALUES ($1)', [10]);
    await expect(client.query('INSERT INTO t (id) VALUES ($1)', [10])).rejects.toMatchObject({ code: '23505' });
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK');
    expect((await client.query('SELECT count(*)::int AS n FROM t WHERE id = $1', [10])).rows).toEqual([{ n: 0 }]);
    release();
  });
});
