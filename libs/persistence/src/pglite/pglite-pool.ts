import { EventEmitter } from 'node:events';
import { PGlite, protocol, types } from '@electric-sql/pglite';

// node-postgres's own conversion of a parameter to its wire form (services mode's driver).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

/**
 * A `pg`-compatible pool over one embedded PGlite database, for TypeORM's postgres driver.
 *
 * PGlite is a single connection. typeorm-pglite shares it between all callers, which lets two
 * transactions interleave their statements. Here the pool hands the connection to one client at
 * a time (a mutex), so a transaction keeps PostgreSQL's semantics; concurrency is traded for
 * correctness, which suits the single-user embedded mode.
 */
interface Shared {
  db: PGlite;
  /** PGlite started, and the session's message levels set. */
  ready: Promise<void>;
  waiters: Array<() => void>;
  busy: boolean;
  refs: number;
}

const instances = new Map<string, Shared>();

/** How long a client waits for the connection before failing with a clear message. */
const ACQUIRE_TIMEOUT_MS = 60_000;

function sharedFor(dataDir: string): Shared {
  let shared = instances.get(dataDir);
  if (!shared) {
    const db = new PGlite({
      dataDir: dataDir === 'memory' ? undefined : dataDir,
      // The same JS types node-postgres gives: 64-bit integers and numerics as strings.
      parsers: { [types.INT8]: (v: string) => v, [types.NUMERIC]: (v: string) => v },
    });
    // PGlite's session starts with client_min_messages = debug3 and log_min_messages = debug1:
    // PostgreSQL then formats two DEBUG notices per statement (one with its whole text) and PGlite
    // parses them, all discarded. PostgreSQL's defaults instead, as in services mode.
    const ready = db.waitReady.then(async () => {
      await db.exec('SET client_min_messages = notice; SET log_min_messages = warning');
    });
    shared = { db, ready, waiters: [], busy: false, refs: 0 };
    instances.set(dataDir, shared);
  }
  return shared;
}

export interface PGliteQueryResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Array<{ name: string; dataTypeID: number }>;
}

type QueryCallback = (err: Error | null, result?: PGliteQueryResult) => void;

function commandOf(sql: string): string {
  return (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
}

type Message = { name: string };
type RowDescription = Message & { fields: Array<{ name: string; dataTypeID: number }> };
type DataRow = Message & { fields: Array<string | null> };
type CommandComplete = Message & { text: string };
type Parser = (value: string, typeId: number) => unknown;

/**
 * Rows a command tag reports, read as node-postgres reads it (services mode's driver): its last
 * number (`INSERT 0 n`, `UPDATE n`, `SELECT n`), none for a tag without one (`CREATE TABLE`).
 */
function affectedBy(tag: string): number {
  const count = /(?: (\d+))?(?: (\d+))?$/.exec(tag);
  return Number(count?.[2] ?? count?.[1] ?? 0);
}

/**
 * A statement through PGlite's wire protocol, as node-postgres sends it: with parameters, one
 * message of Parse, Bind (each value converted by node-postgres's own `prepareValue`, so both
 * modes send the same text), Describe, Execute and Sync; without, one simple Query (which may hold
 * several statements: TypeORM expects the last one's result). PGlite's `query()` instead makes six
 * calls into PostgreSQL per statement (one to learn the parameter types before converting the
 * values by them) and copies its whole table of type parsers (over 300 entries) for each result:
 * most of a short statement's cost in embedded mode. Results are parsed with the same parsers.
 */
async function runQuery(db: PGlite, sql: string, params?: unknown[]): Promise<PGliteQueryResult> {
  const command = commandOf(sql);
  const { serialize } = protocol;
  const message =
    params && params.length > 0
      ? concat([
          serialize.parse({ text: sql }),
          serialize.bind({ values: params.map((p) => prepareValue(p) as string | null) }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ])
      : serialize.query(sql);
  // Throws the statement's DatabaseError; the Sync (or the simple Query) has ended its cycle. The
  // parsed messages only: execProtocol() would also copy the raw response, which nothing reads.
  // Under PGlite's query lock, as its own query() runs: execProtocolStream collects the messages
  // in one field of the instance and awaits (the sync to disk) before returning them, so two
  // statements in flight at once (Promise.all on one transaction's client, or PGlite's own
  // query() from elsewhere) would clear or take each other's messages.
  const messages = await db._runExclusiveQuery(() => db.execProtocolStream(message));
  const parsers = db.parsers as Record<number, Parser | undefined>;
  let fields: Array<{ name: string; dataTypeID: number }> = [];
  let rows: Array<Record<string, unknown>> = [];
  let last: PGliteQueryResult = { rows: [], rowCount: 0, command, fields: [] };
  let affected = 0;
  for (const m of messages as Message[]) {
    if (m.name === 'rowDescription') {
      fields = (m as RowDescription).fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (m.name === 'dataRow') {
      const values = (m as DataRow).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const value = values[i];
        const parse = parsers[fields[i].dataTypeID];
        row[fields[i].name] = value === null ? null : parse ? parse(value, fields[i].dataTypeID) : value;
      }
      rows.push(row);
    } else if (m.name === 'commandComplete') {
      // Summed over the statements of a simple Query, as PGlite's exec() reports it.
      affected += affectedBy((m as CommandComplete).text);
      last = { rows, rowCount: affected, command, fields };
      rows = [];
      fields = [];
    }
  }
  return last;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

class PGliteClient {
  released = false;

  constructor(private readonly shared: Shared) {}

  async query(sql: string, params?: unknown[] | QueryCallback, cb?: QueryCallback) {
    const callback = typeof params === 'function' ? params : cb;
    const values = typeof params === 'function' ? undefined : params;
    if (this.released) throw new Error('Embedded database client used after release');
    try {
      const result = await runQuery(this.shared.db, sql, values);
      callback?.(null, result);
      return result;
    } catch (error) {
      callback?.(error as Error);
      throw error;
    }
  }

  // TypeORM subscribes to notices on pg clients; PGlite has none to forward here.
  on(): this {
    return this;
  }

  removeListener(): this {
    return this;
  }
}

type ConnectCallback = (err: Error | null, client?: PGliteClient, release?: () => void) => void;

export function createPGlitePoolClass(dataDir: string) {
  return class PGlitePool extends EventEmitter {
    private readonly shared = sharedFor(dataDir);
    private ended = false;

    constructor() {
      super();
      this.shared.refs += 1;
    }

    connect(callback?: ConnectCallback) {
      const acquired = this.acquire();
      if (!callback) return acquired.then(({ client }) => client);
      acquired.then(
        ({ client, release }) => callback(null, client, release),
        (error: Error) => callback(error),
      );
      return undefined;
    }

    async query(sql: string, params?: unknown[]) {
      const { client, release } = await this.acquire();
      try {
        return await client.query(sql, params);
      } finally {
        release();
      }
    }

    private async acquire(): Promise<{ client: PGliteClient; release: () => void }> {
      if (this.ended) throw new Error('Embedded database pool has been closed');
      await this.shared.ready;
      await this.waitForTurn();
      const client = new PGliteClient(this.shared);
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        client.released = true;
        const next = this.shared.waiters.shift();
        if (next) next();
        else this.shared.busy = false;
      };
      return { client, release };
    }

    private waitForTurn(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (!this.shared.busy) {
          this.shared.busy = true;
          resolve();
          return;
        }
        const waiter = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.shared.waiters = this.shared.waiters.filter((w) => w !== waiter);
          reject(
            new Error(
              `Embedded database busy for ${ACQUIRE_TIMEOUT_MS} ms: a transaction holds the single PGlite ` +
                'connection (does code inside a transaction use a repository outside its entity manager?)',
            ),
          );
        }, ACQUIRE_TIMEOUT_MS);
        this.shared.waiters.push(waiter);
      });
    }

    async end(callback?: (err?: Error) => void): Promise<void> {
      if (this.ended) return callback?.();
      this.ended = true;
      this.shared.refs -= 1;
      try {
        if (this.shared.refs === 0) {
          instances.delete(dataDir);
          await this.shared.db.close();
        }
        callback?.();
      } catch (error) {
        callback?.(error as Error);
      }
    }
  };
}
