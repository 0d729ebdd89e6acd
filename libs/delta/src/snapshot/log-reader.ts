import { decodeCheckpoint } from '../checkpoint/checkpoint-parquet';
import {
  DeltaLogCorruptedError,
  DeltaProtocolNotSupportedError,
  DeltaTableNotFoundError,
  DeltaVersionNotFoundError,
} from '../errors';
import { DeltaAction, SUPPORTED_READER_VERSION } from '../log/actions';
import { decodeCommit } from '../log/commit-codec';
import {
  checkpointPath,
  commitPath,
  LAST_CHECKPOINT_FILE,
  LOG_DIR,
  parseCheckpointName,
  parseCommitName,
} from '../log/log-files';
import { TableStorage } from '../storage/table-storage';
import { DeltaSnapshot, SnapshotBuilder } from './snapshot';

export interface LogListing {
  /** Commit versions present, ascending. */
  commits: number[];
  /** Classic checkpoint versions present, ascending. */
  checkpoints: number[];
}

export async function listLog(storage: TableStorage): Promise<LogListing> {
  const names = await storage.list(LOG_DIR);
  const commits: number[] = [];
  const checkpoints: number[] = [];
  for (const name of names) {
    const commit = parseCommitName(name);
    if (commit !== null) {
      commits.push(commit);
      continue;
    }
    const checkpoint = parseCheckpointName(name);
    if (checkpoint !== null) checkpoints.push(checkpoint);
  }
  commits.sort((a, b) => a - b);
  checkpoints.sort((a, b) => a - b);
  return { commits, checkpoints };
}

/** The actions of one commit; a missing file is corruption when the caller knows it must exist. */
export async function readCommit(storage: TableStorage, version: number): Promise<DeltaAction[] | null> {
  const path = commitPath(version);
  const bytes = await storage.read(path);
  return bytes === null ? null : decodeCommit(bytes, path);
}

async function readLastCheckpointHint(storage: TableStorage): Promise<number | null> {
  const bytes = await storage.read(LAST_CHECKPOINT_FILE);
  if (bytes === null) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown };
    return typeof parsed.version === 'number' && Number.isInteger(parsed.version) ? parsed.version : null;
  } catch {
    // A torn or garbled hint only costs a directory listing: the checkpoint files are the truth.
    return null;
  }
}

/** commitInfo.timestamp, else the commit file's modification time (the protocol's fallback). */
export async function commitTimestamp(
  storage: TableStorage,
  version: number,
  actions: readonly DeltaAction[] | null,
): Promise<number> {
  for (const action of actions ?? []) {
    if ('commitInfo' in action && typeof action.commitInfo.timestamp === 'number') return action.commitInfo.timestamp;
  }
  return (await storage.stat(commitPath(version)))?.modificationTime ?? 0;
}

export function assertReadable(snapshot: DeltaSnapshot): void {
  const { protocol } = snapshot;
  if (protocol.minReaderVersion > SUPPORTED_READER_VERSION || (protocol.readerFeatures?.length ?? 0) > 0) {
    throw new DeltaProtocolNotSupportedError(
      `table needs reader version ${protocol.minReaderVersion}` +
        (protocol.readerFeatures?.length ? ` with features ${protocol.readerFeatures.join(', ')}` : '') +
        `; this library reads version ${SUPPORTED_READER_VERSION}`,
    );
  }
}

/** A replayed state that later loads can continue from (commits are immutable once written). */
export interface ReplayState {
  builder: SnapshotBuilder;
  version: number;
  timestamp: number;
  checkpointVersion: number | null;
  commitsReplayed: number;
}

export interface LoadSnapshotOptions {
  /** Time travel target; latest when omitted. */
  version?: number;
  /** Replay every commit from version 0 even if checkpoints exist (for comparison and tests). */
  ignoreCheckpoints?: boolean;
  /** A state at or before the target to continue from instead of a checkpoint. */
  base?: ReplayState;
}

/** Beyond this many commits to catch up, a newer checkpoint is cheaper than continuing a cached state. */
const MAX_CATCH_UP_COMMITS = 100;

function usableBase(options: LoadSnapshotOptions, listing: LogListing, target: number): ReplayState | undefined {
  const base = options.base;
  if (!base || base.version > target) return undefined;
  if (options.ignoreCheckpoints || target - base.version <= MAX_CATCH_UP_COMMITS) return base;
  return listing.checkpoints.some((v) => v > base.version && v <= target) ? undefined : base;
}

function missingCommit(storage: TableStorage, version: number, target: number): DeltaLogCorruptedError {
  const path = commitPath(version);
  return new DeltaLogCorruptedError(
    `Delta log of ${storage.uri} is missing ${path} (needed to rebuild version ${target})`,
    path,
  );
}

/**
 * Rebuilds the snapshot at a version: continue from `base` if given, else start from the newest
 * classic checkpoint at or before it (the `_last_checkpoint` hint is tried first), then replay
 * the later commits in order. Every commit between the starting point and the target must
 * exist, else the log is corrupt.
 */
export async function loadSnapshot(storage: TableStorage, options: LoadSnapshotOptions = {}): Promise<DeltaSnapshot> {
  return (await loadReplayState(storage, options)).snapshot;
}

export async function loadReplayState(
  storage: TableStorage,
  options: LoadSnapshotOptions = {},
): Promise<{ snapshot: DeltaSnapshot; state: ReplayState }> {
  const listing = await listLog(storage);
  const latestCommit = listing.commits.at(-1);
  const latestCheckpoint = listing.checkpoints.at(-1);
  if (latestCommit === undefined && latestCheckpoint === undefined) {
    throw new DeltaTableNotFoundError(`no Delta table at ${storage.uri} (no ${LOG_DIR}/ commits)`);
  }
  const latest = Math.max(latestCommit ?? -1, latestCheckpoint ?? -1);
  const target = options.version ?? latest;
  if (!Number.isInteger(target) || target < 0 || target > latest) {
    throw new DeltaVersionNotFoundError(`version ${target} does not exist in ${storage.uri} (latest is ${latest})`);
  }

  let builder: SnapshotBuilder;
  let start: number | null = null;
  let checkpointVersion: number | null = null;
  let replayedBefore = 0;
  let timestamp = 0;
  const base = usableBase(options, listing, target);
  if (base) {
    builder = base.builder.clone();
    start = base.version;
    checkpointVersion = base.checkpointVersion;
    replayedBefore = base.commitsReplayed;
    timestamp = base.timestamp;
  } else {
    builder = new SnapshotBuilder();
    if (!options.ignoreCheckpoints) {
      const hint = options.version === undefined ? await readLastCheckpointHint(storage) : null;
      if (hint !== null && hint <= target && listing.checkpoints.includes(hint)) start = hint;
      else start = [...listing.checkpoints].reverse().find((v) => v <= target) ?? null;
    }
    if (start !== null) {
      const path = checkpointPath(start);
      const bytes = await storage.read(path);
      if (bytes === null) throw new DeltaLogCorruptedError(`checkpoint ${path} disappeared while reading`, path);
      for (const action of await decodeCheckpoint(bytes, path)) builder.apply(action);
      checkpointVersion = start;
    }
  }

  const first = start === null ? 0 : start + 1;
  const present = new Set(listing.commits);
  const versions: number[] = [];
  for (let v = first; v <= target; v++) {
    if (!present.has(v)) throw missingCommit(storage, v, target);
    versions.push(v);
  }
  // Read in parallel, apply in order: replay cost is dominated by file reads.
  const commits = await Promise.all(
    versions.map(async (v) => {
      const actions = await readCommit(storage, v);
      if (actions === null) throw missingCommit(storage, v, target);
      return actions;
    }),
  );
  for (const actions of commits) for (const action of actions) builder.apply(action);
  if (versions.length > 0) {
    timestamp = await commitTimestamp(storage, target, commits[commits.length - 1]);
  } else if (!base && start !== null) {
    // Only for the timestamp: a commit the checkpoint supersedes may be gone or damaged.
    const actions = present.has(start) ? await readCommit(storage, start).catch(() => null) : null;
    timestamp = await commitTimestamp(storage, start, actions);
  }

  const state: ReplayState = {
    builder,
    version: target,
    timestamp,
    checkpointVersion,
    commitsReplayed: replayedBefore + versions.length,
  };
  const snapshot = builder.build({
    version: target,
    timestamp,
    checkpointVersion,
    commitsReplayed: state.commitsReplayed,
  });
  if (!snapshot) {
    const path = checkpointVersion !== null ? checkpointPath(checkpointVersion) : commitPath(0);
    throw new DeltaLogCorruptedError(
      `Delta log of ${storage.uri} has no protocol or metaData action up to version ${target}`,
      path,
    );
  }
  assertReadable(snapshot);
  return { snapshot, state };
}
