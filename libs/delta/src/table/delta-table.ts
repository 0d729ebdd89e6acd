import { InvalidParameterError } from '@llmops/contract';
import { randomUUID } from 'node:crypto';
import { writeCheckpoint } from '../checkpoint/write-checkpoint';
import { commitWithRetry, CommitOutcome } from '../commit/commit-with-retry';
import { inSpan, platformMetrics } from '@llmops/observability';
import { DeltaConcurrentModificationError } from '../errors';
import { decodeParquetDataFile } from '../data-files/parquet-data-file';
import { fromAddPath, isAbsoluteUri } from '../data-files/paths';
import { parsePartitionValue } from '../data-files/values';
import {
  groupRowsByPartition,
  resolveFilePartition,
  TableLayout,
  writeParquetDataFile,
} from '../data-files/write-data-file';
import {
  DeltaLogCorruptedError,
  DeltaProtocolNotSupportedError,
  DeltaSchemaMismatchError,
  DeltaTableAlreadyExistsError,
} from '../errors';
import {
  AddAction,
  DeltaAction,
  ENGINE_INFO,
  MetadataAction,
  ProtocolAction,
  SUPPORTED_WRITER_VERSION,
} from '../log/actions';
import { encodeCommit } from '../log/commit-codec';
import { commitPath } from '../log/log-files';
import {
  commitTimestamp,
  listLog,
  loadReplayState,
  loadSnapshot,
  readCommit,
  ReplayState,
} from '../snapshot/log-reader';
import { DeltaSnapshot } from '../snapshot/snapshot';
import { DeltaRow, DeltaValue, toSchemaString, validateColumns } from '../schema/columns';
import { openTableStorage } from '../storage/open-table-storage';
import { TableStorage } from '../storage/table-storage';
import {
  CommitOptions,
  CommitResult,
  CreateTableOptions,
  HistoryEntry,
  HistoryOptions,
  OpenTableOptions,
  ReadRowsOptions,
} from './table-options';

const DEFAULT_CHECKPOINT_INTERVAL = 10;
const DEFAULT_MAX_COMMIT_ATTEMPTS = 50;

function checkTxn(options: CommitOptions | undefined): void {
  const txn = options?.txn;
  if (!txn) return;
  if (typeof txn.appId !== 'string' || txn.appId === '')
    throw new InvalidParameterError('txn.appId must be a non-empty string');
  if (!Number.isSafeInteger(txn.version) || txn.version < 0) {
    throw new InvalidParameterError('txn.version must be a non-negative integer');
  }
}

/**
 * A Delta Lake table: Parquet data files plus `_delta_log/` JSON commits written put-if-absent.
 * Every operation lists the log, so any number of instances in any number of processes may write
 * the same table. An instance keeps the last state it replayed and continues from it (commits
 * never change once written), so it does not re-read the checkpoint on every append.
 */
export class DeltaTable {
  private cached: ReplayState | undefined;
  private readonly checkpointInterval: number;
  private readonly maxCommitAttempts: number;
  private readonly engineInfo: string;

  private constructor(
    readonly storage: TableStorage,
    options: OpenTableOptions,
  ) {
    this.checkpointInterval = options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
    this.maxCommitAttempts = options.maxCommitAttempts ?? DEFAULT_MAX_COMMIT_ATTEMPTS;
    this.engineInfo = options.engineInfo ?? ENGINE_INFO;
    if (!Number.isInteger(this.checkpointInterval) || this.checkpointInterval < 0) {
      throw new InvalidParameterError('checkpointInterval must be a non-negative integer');
    }
    if (!Number.isInteger(this.maxCommitAttempts) || this.maxCommitAttempts < 1) {
      throw new InvalidParameterError('maxCommitAttempts must be a positive integer');
    }
  }

  get uri(): string {
    return this.storage.uri;
  }

  /** True if the URI holds a Delta log. */
  static async exists(uri: string, options: OpenTableOptions = {}): Promise<boolean> {
    const storage = options.storage ?? openTableStorage(uri);
    const listing = await listLog(storage);
    return listing.commits.length > 0 || listing.checkpoints.length > 0;
  }

  /** Creates the table (version 0: protocol + metaData). Fails if a table already exists there. */
  static async create(uri: string, options: CreateTableOptions): Promise<DeltaTable> {
    const partitionColumns = [...(options.partitionColumns ?? [])];
    validateColumns(options.columns, partitionColumns);
    const storage = options.storage ?? openTableStorage(uri);
    const table = new DeltaTable(storage, options);
    if (await DeltaTable.exists(uri, { storage })) {
      throw new DeltaTableAlreadyExistsError(`a Delta table already exists at ${storage.uri}`);
    }
    const now = Date.now();
    const configuration = { ...(options.configuration ?? {}) };
    const protocol: ProtocolAction = { minReaderVersion: 1, minWriterVersion: 2 };
    const metaData: MetadataAction = {
      id: randomUUID(),
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      format: { provider: 'parquet', options: {} },
      schemaString: toSchemaString(options.columns),
      partitionColumns,
      configuration,
      createdTime: now,
    };
    const actions: DeltaAction[] = [
      {
        commitInfo: {
          timestamp: now,
          operation: 'CREATE TABLE',
          operationParameters: {
            isManaged: 'false',
            description: options.description ?? '',
            partitionBy: JSON.stringify(partitionColumns),
            properties: JSON.stringify(configuration),
          },
          isBlindAppend: true,
          engineInfo: table.engineInfo,
        },
      },
      { protocol },
      { metaData },
    ];
    if (!(await storage.putIfAbsent(commitPath(0), encodeCommit(actions)))) {
      throw new DeltaTableAlreadyExistsError(`a Delta table was created concurrently at ${storage.uri}`);
    }
    return table;
  }

  /** Opens an existing table (reads its latest snapshot once, so a missing or unreadable table fails here). */
  static async open(uri: string, options: OpenTableOptions = {}): Promise<DeltaTable> {
    const table = new DeltaTable(options.storage ?? openTableStorage(uri), options);
    await table.snapshot();
    return table;
  }

  /**
   * Opens the table, creating it first if the URI holds none (safe when several processes race).
   * An existing table must have the same columns and partition columns, else
   * `DeltaSchemaMismatchError` (appending to a table of another shape would fail row by row).
   */
  static async openOrCreate(uri: string, options: CreateTableOptions): Promise<DeltaTable> {
    const storage = options.storage ?? openTableStorage(uri);
    if (!(await DeltaTable.exists(uri, { storage }))) {
      try {
        return await DeltaTable.create(uri, { ...options, storage });
      } catch (error) {
        if (!(error instanceof DeltaTableAlreadyExistsError)) throw error;
      }
    }
    const table = await DeltaTable.open(uri, { ...options, storage });
    const snapshot = await table.snapshot();
    const wanted = toSchemaString(options.columns);
    const wantedPartitions = JSON.stringify(options.partitionColumns ?? []);
    if (toSchemaString(snapshot.columns) !== wanted || JSON.stringify(snapshot.partitionColumns) !== wantedPartitions) {
      throw new DeltaSchemaMismatchError(
        `the table at ${storage.uri} has schema ${snapshot.metadata.schemaString} partitioned by ` +
          `${JSON.stringify(snapshot.partitionColumns)}, not the requested ${wanted} partitioned by ${wantedPartitions}`,
      );
    }
    return table;
  }

  /**
   * The latest version, or the one asked for (time travel). Time travel always starts from the
   * newest checkpoint at or before the version, never from this instance's cached state.
   */
  async snapshot(version?: number): Promise<DeltaSnapshot> {
    if (version !== undefined && (!Number.isSafeInteger(version) || version < 0)) {
      throw new InvalidParameterError(`version must be a non-negative integer, got ${version}`);
    }
    if (version !== undefined) return loadSnapshot(this.storage, { version });
    return this.loadCached();
  }

  private async loadCached(version?: number): Promise<DeltaSnapshot> {
    const { snapshot, state } = await loadReplayState(this.storage, { version, base: this.cached });
    if (!this.cached || state.version > this.cached.version) this.cached = state;
    return snapshot;
  }

  /** Rebuilds a snapshot by replaying every commit from version 0, ignoring checkpoints. */
  snapshotFromFullReplay(version?: number): Promise<DeltaSnapshot> {
    return loadSnapshot(this.storage, { version, ignoreCheckpoints: true });
  }

  async latestVersion(): Promise<number> {
    return (await this.snapshot()).version;
  }

  /**
   * Appends rows: one Parquet file per partition, committed together in one version. With
   * `txn`, a retry of an already committed append is a no-op (`status: 'already-committed'`).
   */
  async append(rows: readonly DeltaRow[], options: CommitOptions = {}): Promise<CommitResult> {
    checkTxn(options);
    if (!Array.isArray(rows)) throw new InvalidParameterError('rows must be an array');
    const snapshot = await this.writableSnapshot();
    const already = this.alreadyCommitted(snapshot, options);
    if (already) return already;
    const layout = this.layoutOf(snapshot);
    const adds: AddAction[] = [];
    for (const group of groupRowsByPartition(layout, rows)) {
      adds.push(await writeParquetDataFile(this.storage, layout, group, this.engineInfo));
    }
    return this.commit(snapshot, adds, options);
  }

  /**
   * Writes one Parquet data file for rows of one partition and returns its `add` action without
   * committing it (a worker writes, the orchestrator commits with `commitAdds`). Partition values
   * may be given here, or carried by the rows' partition columns.
   */
  async writeDataFile(rows: readonly DeltaRow[], partitionValues?: Record<string, DeltaValue>): Promise<AddAction> {
    if (!Array.isArray(rows) || rows.length === 0)
      throw new InvalidParameterError('a data file needs at least one row');
    const snapshot = await this.writableSnapshot();
    const layout = this.layoutOf(snapshot);
    const group = resolveFilePartition(layout, rows, partitionValues);
    return writeParquetDataFile(this.storage, layout, group, this.engineInfo);
  }

  /** Commits `add` actions for data files already written into the table (by `writeDataFile`). */
  async commitAdds(adds: readonly AddAction[], options: CommitOptions = {}): Promise<CommitResult> {
    checkTxn(options);
    if (!Array.isArray(adds)) throw new InvalidParameterError('adds must be an array');
    const snapshot = await this.writableSnapshot();
    const already = this.alreadyCommitted(snapshot, options);
    if (already) return already;
    for (const add of adds) await this.checkAdd(snapshot, add);
    return this.commit(
      snapshot,
      adds.map((a) => ({ ...a, dataChange: true })),
      options,
    );
  }

  /**
   * Rows of a version (latest by default), partition columns filled in from the log. With `limit`,
   * files are read one at a time until that many rows are in hand (a sample never reads the table).
   */
  async readRows(options: ReadRowsOptions = {}): Promise<DeltaRow[]> {
    const limit = options.limit;
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new InvalidParameterError(`limit must be a non-negative integer, got ${limit}`);
    }
    const snapshot = await this.snapshot(options.version);
    const filter = options.partitionFilter;
    const files = filter
      ? snapshot.files.filter((f) => Object.entries(filter).every(([k, v]) => (f.partitionValues[k] ?? null) === v))
      : snapshot.files;
    if (limit === undefined) return (await Promise.all(files.map((f) => this.rowsOfFile(snapshot, f)))).flat();
    const rows: DeltaRow[] = [];
    for (const file of files) {
      if (rows.length >= limit) break;
      rows.push(...(await this.rowsOfFile(snapshot, file)).slice(0, limit - rows.length));
    }
    return rows;
  }

  private async rowsOfFile(snapshot: DeltaSnapshot, file: AddAction): Promise<DeltaRow[]> {
    const dataColumns = snapshot.columns.filter((c) => !snapshot.partitionColumns.includes(c.name));
    const partitionColumns = snapshot.columns.filter((c) => snapshot.partitionColumns.includes(c.name));
    const storagePath = this.storagePathOf(file.path);
    const bytes = await this.storage.read(storagePath);
    if (bytes === null) {
      throw new DeltaLogCorruptedError(`data file ${file.path} of version ${snapshot.version} is missing`, file.path);
    }
    const rows = await decodeParquetDataFile(dataColumns, bytes);
    return rows.map((row) => {
      const full: DeltaRow = {};
      for (const column of snapshot.columns) {
        full[column.name] = partitionColumns.includes(column)
          ? parsePartitionValue(column, file.partitionValues[column.name])
          : row[column.name];
      }
      return full;
    });
  }

  /**
   * Commits, newest first (like `DESCRIBE HISTORY`): all of them, or a page (`limit`, older than
   * `before`); only the page's commit files are read.
   */
  async history(options: HistoryOptions = {}): Promise<HistoryEntry[]> {
    for (const [name, value] of Object.entries(options)) {
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
        throw new InvalidParameterError(`${name} must be a non-negative integer, got ${value}`);
      }
    }
    const listing = await listLog(this.storage);
    const older = options.before === undefined ? listing.commits : listing.commits.filter((v) => v < options.before!);
    const page = options.limit === undefined ? older : older.slice(Math.max(0, older.length - options.limit));
    const entries = await Promise.all(
      page.map(async (version): Promise<HistoryEntry> => {
        const actions = (await readCommit(this.storage, version)) ?? [];
        const entry: HistoryEntry = {
          version,
          timestamp: await commitTimestamp(this.storage, version, actions),
          operation: 'UNKNOWN',
          operationParameters: {},
          txns: [],
          addedFiles: 0,
          removedFiles: 0,
          addedRows: 0,
        };
        for (const action of actions) {
          if ('commitInfo' in action) {
            const info = action.commitInfo;
            entry.operation = info.operation ?? entry.operation;
            entry.operationParameters = info.operationParameters ?? {};
            if (info.readVersion !== undefined) entry.readVersion = info.readVersion;
            if (info.isBlindAppend !== undefined) entry.isBlindAppend = info.isBlindAppend;
            if (info.engineInfo !== undefined) entry.engineInfo = info.engineInfo;
          } else if ('txn' in action) {
            entry.txns.push(action.txn);
          } else if ('add' in action) {
            entry.addedFiles++;
            entry.addedRows += statsRecords(action.add);
          } else if ('remove' in action) {
            entry.removedFiles++;
          }
        }
        return entry;
      }),
    );
    return entries.reverse();
  }

  /** Writes a checkpoint of the latest (or given) version now, whatever the interval. */
  async checkpoint(version?: number): Promise<number> {
    const snapshot = await this.snapshot(version);
    await writeCheckpoint(this.storage, snapshot);
    return snapshot.version;
  }

  /* ---------- internals ---------- */

  private async writableSnapshot(): Promise<DeltaSnapshot> {
    const snapshot = await this.snapshot();
    const { protocol } = snapshot;
    if (protocol.minWriterVersion > SUPPORTED_WRITER_VERSION || (protocol.writerFeatures?.length ?? 0) > 0) {
      throw new DeltaProtocolNotSupportedError(
        `table needs writer version ${protocol.minWriterVersion}; this library writes version ${SUPPORTED_WRITER_VERSION}`,
      );
    }
    return snapshot;
  }

  private layoutOf(snapshot: DeltaSnapshot): TableLayout {
    return { columns: snapshot.columns, partitionColumns: snapshot.partitionColumns };
  }

  private alreadyCommitted(snapshot: DeltaSnapshot, options: CommitOptions): CommitResult | null {
    if (!options.txn) return null;
    const existing = snapshot.transactions[options.txn.appId];
    if (existing && existing.version >= options.txn.version) {
      return { status: 'already-committed', appId: existing.appId, committedVersion: existing.version };
    }
    return null;
  }

  private storagePathOf(addPath: string): string {
    if (isAbsoluteUri(addPath)) {
      const root = this.storage.uri.endsWith('/') ? this.storage.uri : `${this.storage.uri}/`;
      if (!addPath.startsWith(root)) {
        throw new DeltaLogCorruptedError(`data file ${addPath} is outside the table ${this.storage.uri}`, addPath);
      }
      return fromAddPath(addPath.slice(root.length));
    }
    return fromAddPath(addPath);
  }

  private async checkAdd(snapshot: DeltaSnapshot, add: AddAction): Promise<void> {
    if (!add || typeof add.path !== 'string' || add.path === '')
      throw new InvalidParameterError('every add needs a path');
    const keys = Object.keys(add.partitionValues ?? {}).sort();
    const expected = [...snapshot.partitionColumns].sort();
    if (JSON.stringify(keys) !== JSON.stringify(expected)) {
      throw new InvalidParameterError(
        `add ${add.path} has partition values for [${keys.join(', ')}], the table is partitioned by [${expected.join(', ')}]`,
      );
    }
    if (!Number.isSafeInteger(add.size) || add.size < 0)
      throw new InvalidParameterError(`add ${add.path} has no valid size`);
    if (!(await this.storage.stat(this.storagePathOf(add.path)))) {
      throw new InvalidParameterError(`add ${add.path}: no such data file in ${this.storage.uri}`);
    }
  }

  private async commit(snapshot: DeltaSnapshot, adds: AddAction[], options: CommitOptions): Promise<CommitResult> {
    const outcome = await this.timedCommit(snapshot, adds, options);
    if (outcome.status === 'already-committed') return outcome;
    return this.afterCommit(outcome, adds);
  }

  /** The put-if-absent commit in a `delta.commit` span, timed; each lost version race is a conflict. */
  private timedCommit(snapshot: DeltaSnapshot, adds: AddAction[], options: CommitOptions): Promise<CommitOutcome> {
    const started = process.hrtime.bigint();
    const labels = { operation: 'WRITE' };
    return inSpan(
      'delta.commit',
      {
        'llmops.delta.table': this.storage.uri,
        'llmops.delta.read_version': snapshot.version,
        'llmops.delta.adds': adds.length,
      },
      async (span) => {
        const outcome = await this.commitActions(snapshot, adds, options);
        platformMetrics.deltaCommitDuration().observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
        if (outcome.status === 'committed') {
          span.setAttributes({ 'llmops.delta.version': outcome.version, 'llmops.delta.attempts': outcome.attempts });
          if (outcome.attempts > 1) platformMetrics.deltaCommitConflicts().inc(labels, outcome.attempts - 1);
        } else span.setAttribute('llmops.delta.already_committed', true);
        return outcome;
      },
    ).catch((error: unknown) => {
      // Gave up after losing every attempt: those were conflicts too.
      if (error instanceof DeltaConcurrentModificationError) platformMetrics.deltaCommitConflicts().inc(labels);
      throw error;
    });
  }

  private commitActions(snapshot: DeltaSnapshot, adds: AddAction[], options: CommitOptions): Promise<CommitOutcome> {
    return commitWithRetry(
      this.storage,
      snapshot,
      {
        operation: 'WRITE',
        operationParameters: {
          mode: 'Append',
          partitionBy: JSON.stringify(snapshot.partitionColumns),
          ...(options.operationParameters ?? {}),
        },
        actions: adds.map((add) => ({ add })),
        txn: options.txn,
        isBlindAppend: true,
        engineInfo: this.engineInfo,
      },
      this.maxCommitAttempts,
    );
  }

  private async afterCommit(
    outcome: Extract<CommitOutcome, { status: 'committed' }>,
    adds: AddAction[],
  ): Promise<CommitResult> {
    let checkpointVersion: number | null = null;
    let checkpointError: string | undefined;
    if (this.checkpointInterval > 0 && outcome.version % this.checkpointInterval === 0) {
      // The commit is durable already; a failed checkpoint only makes later replays longer.
      try {
        await writeCheckpoint(this.storage, await this.loadCached(outcome.version));
        checkpointVersion = outcome.version;
      } catch (error) {
        checkpointError = error instanceof Error ? error.message : String(error);
      }
    }
    return {
      status: 'committed',
      version: outcome.version,
      attempts: outcome.attempts,
      adds,
      checkpointVersion,
      ...(checkpointError !== undefined ? { checkpointError } : {}),
    };
  }
}

function statsRecords(add: AddAction): number {
  if (!add.stats) return 0;
  try {
    const n = (JSON.parse(add.stats) as { numRecords?: unknown }).numRecords;
    return typeof n === 'number' ? n : 0;
  } catch {
    return 0;
  }
}
