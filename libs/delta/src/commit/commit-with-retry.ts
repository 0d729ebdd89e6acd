import { DeltaConcurrentModificationError } from '../errors';
import { CommitInfoAction, DeltaAction } from '../log/actions';
import { encodeCommit } from '../log/commit-codec';
import { commitPath } from '../log/log-files';
import { readCommit } from '../snapshot/log-reader';
import { DeltaSnapshot } from '../snapshot/snapshot';
import { TableStorage } from '../storage/table-storage';
import { TxnId } from '../table/table-options';

export interface PendingCommit {
  operation: string;
  operationParameters: Record<string, string>;
  /** The commit's payload (add actions...); commitInfo and txn are added here. */
  actions: DeltaAction[];
  txn?: TxnId;
  /** Only adds, nothing read: such commits never conflict with other appends. */
  isBlindAppend: boolean;
  engineInfo: string;
}

export type CommitOutcome =
  | { status: 'committed'; version: number; attempts: number }
  | { status: 'already-committed'; appId: string; committedVersion: number };

/**
 * What a commit that won the race for a version means for ours. Blind appends never conflict;
 * a metadata or protocol change does (our files were written for the old schema); a txn for our
 * appId at our version or later means our work is already in the table.
 */
function checkWinner(
  winner: readonly DeltaAction[],
  winnerVersion: number,
  pending: PendingCommit,
): { appId: string; committedVersion: number } | null {
  for (const action of winner) {
    if ('metaData' in action || 'protocol' in action) {
      throw new DeltaConcurrentModificationError(
        `version ${winnerVersion} changed the table's ${'metaData' in action ? 'metadata' : 'protocol'} while this ` +
          `${pending.operation} was being committed; re-read the table and retry`,
      );
    }
    if (pending.txn && 'txn' in action && action.txn.appId === pending.txn.appId) {
      if (action.txn.version >= pending.txn.version) {
        return { appId: action.txn.appId, committedVersion: action.txn.version };
      }
    }
  }
  return null;
}

/**
 * Optimistic commit: put-if-absent `<readVersion + 1>.json`; on losing, read the winners, check
 * them for logical conflicts and try the next free version, at most `maxAttempts` times.
 */
export async function commitWithRetry(
  storage: TableStorage,
  read: Pick<DeltaSnapshot, 'version' | 'transactions'>,
  pending: PendingCommit,
  maxAttempts: number,
): Promise<CommitOutcome> {
  if (pending.txn) {
    const existing = read.transactions[pending.txn.appId];
    if (existing && existing.version >= pending.txn.version) {
      return { status: 'already-committed', appId: existing.appId, committedVersion: existing.version };
    }
  }
  let version = read.version + 1;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const now = Date.now();
    const commitInfo: CommitInfoAction = {
      timestamp: now,
      operation: pending.operation,
      operationParameters: pending.operationParameters,
      readVersion: read.version,
      isBlindAppend: pending.isBlindAppend,
      engineInfo: pending.engineInfo,
    };
    const actions: DeltaAction[] = [
      { commitInfo },
      ...(pending.txn ? [{ txn: { appId: pending.txn.appId, version: pending.txn.version, lastUpdated: now } }] : []),
      ...pending.actions,
    ];
    if (await storage.putIfAbsent(commitPath(version), encodeCommit(actions))) {
      return { status: 'committed', version, attempts: attempt };
    }
    // Lost the race: walk every commit that landed since, from the version we wanted.
    for (;;) {
      const winner = await readCommit(storage, version);
      if (winner === null) break;
      const already = checkWinner(winner, version, pending);
      if (already) return { status: 'already-committed', ...already };
      version++;
    }
  }
  throw new DeltaConcurrentModificationError(
    `gave up committing ${pending.operation} to ${storage.uri} after ${maxAttempts} attempts lost to concurrent writers`,
  );
}
