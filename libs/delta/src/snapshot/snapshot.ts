import { AddAction, DeltaAction, MetadataAction, ProtocolAction, RemoveAction, TxnAction } from '../log/actions';
import { DeltaColumn, parseSchemaString } from '../schema/columns';

/** The state of a table at one version. */
export interface DeltaSnapshot {
  version: number;
  /** When that version was committed (commitInfo.timestamp, else the commit file's mtime). */
  timestamp: number;
  protocol: ProtocolAction;
  metadata: MetadataAction;
  columns: DeltaColumn[];
  partitionColumns: string[];
  /** Active data files, sorted by path. */
  files: AddAction[];
  /** Files removed from the table (kept for VACUUM), sorted by path. */
  tombstones: RemoveAction[];
  /** The latest txn per appId. */
  transactions: Record<string, TxnAction>;
  /** The checkpoint this state was first built from (null: replayed from version 0). */
  checkpointVersion: number | null;
  /** Commit files applied on top of that checkpoint (including by earlier cached loads). */
  commitsReplayed: number;
}

/** Applies actions in log order ("Action Reconciliation" in the protocol). */
export class SnapshotBuilder {
  protocol: ProtocolAction | undefined;
  metadata: MetadataAction | undefined;
  private readonly files = new Map<string, AddAction>();
  private readonly tombstones = new Map<string, RemoveAction>();
  private readonly transactions = new Map<string, TxnAction>();

  /** An independent copy, so a cached state can be continued without being changed. */
  clone(): SnapshotBuilder {
    const copy = new SnapshotBuilder();
    copy.protocol = this.protocol;
    copy.metadata = this.metadata;
    for (const [k, v] of this.files) copy.files.set(k, v);
    for (const [k, v] of this.tombstones) copy.tombstones.set(k, v);
    for (const [k, v] of this.transactions) copy.transactions.set(k, v);
    return copy;
  }

  apply(action: DeltaAction): void {
    if ('add' in action) {
      this.files.set(action.add.path, action.add);
      this.tombstones.delete(action.add.path);
    } else if ('remove' in action) {
      this.files.delete(action.remove.path);
      this.tombstones.set(action.remove.path, action.remove);
    } else if ('txn' in action) {
      this.transactions.set(action.txn.appId, action.txn);
    } else if ('metaData' in action) {
      this.metadata = action.metaData;
    } else if ('protocol' in action) {
      this.protocol = action.protocol;
    }
  }

  /** null when the log so far has no protocol or metadata (not a valid snapshot). */
  build(fields: {
    version: number;
    timestamp: number;
    checkpointVersion: number | null;
    commitsReplayed: number;
  }): DeltaSnapshot | null {
    if (!this.protocol || !this.metadata) return null;
    const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    return {
      ...fields,
      protocol: this.protocol,
      metadata: this.metadata,
      columns: parseSchemaString(this.metadata.schemaString),
      partitionColumns: [...this.metadata.partitionColumns],
      files: [...this.files.values()].sort(byPath),
      tombstones: [...this.tombstones.values()].sort(byPath),
      transactions: Object.fromEntries(this.transactions),
    };
  }
}
