import { checkpointPath, LAST_CHECKPOINT_FILE } from '../log/log-files';
import { DeltaSnapshot } from '../snapshot/snapshot';
import { TableStorage } from '../storage/table-storage';
import { checkpointActions, encodeCheckpoint } from './checkpoint-parquet';

/** The `_last_checkpoint` file (protocol "Last Checkpoint File Schema"). */
export interface LastCheckpoint {
  version: number;
  size: number;
  sizeInBytes: number;
  numOfAddFiles: number;
}

/**
 * Writes `<version>.checkpoint.parquet` for the snapshot, then points `_last_checkpoint` at it.
 * The checkpoint is put-if-absent: if another writer already wrote it (same version, same
 * content), that one stands. `_last_checkpoint` never moves backwards.
 */
export async function writeCheckpoint(storage: TableStorage, snapshot: DeltaSnapshot): Promise<LastCheckpoint> {
  const actions = checkpointActions(snapshot);
  const bytes = await encodeCheckpoint(actions);
  const path = checkpointPath(snapshot.version);
  await storage.putIfAbsent(path, bytes);
  const last: LastCheckpoint = {
    version: snapshot.version,
    size: actions.length,
    sizeInBytes: bytes.byteLength,
    numOfAddFiles: snapshot.files.length,
  };
  const current = await storage.read(LAST_CHECKPOINT_FILE);
  let currentVersion = -1;
  if (current !== null) {
    try {
      currentVersion = (JSON.parse(new TextDecoder().decode(current)) as { version?: number }).version ?? -1;
    } catch {
      currentVersion = -1;
    }
  }
  if (currentVersion < snapshot.version) {
    await storage.write(LAST_CHECKPOINT_FILE, new TextEncoder().encode(JSON.stringify(last)));
  }
  return last;
}
