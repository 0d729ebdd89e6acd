import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';

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
      serializers: {
        [types.BOOL]: (v: unknown) => (v === true || v === 'true' || v === 1 ? 'TRUE' : 'FALSE'),
      },
    });
    shared = { db, waiters: [], busy: false, refs: 0 };
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

async function runQuery(db: PGlite, sql: string, params?: unknown[]): Promise<PGliteQueryResult> {
  const command = commandOf(sql);
  if (params && params.length > 0) {
    const r = await db.query(sql, params);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command, fields: r.fields };
  }
  // Without parameters the statement may be several; TypeORM expects the last one's result.
  const results = await db.exec(sql);
  const last = results[results.length - 1];
  return {
    rows: last?.rows ?? [],
    rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
    command,
    fields: last?.fields ?? [],
  };
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
      await this.shared.db.waitReady;
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
