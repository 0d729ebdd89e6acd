import { DeltaConcurrentModificationError } from '../errors';
import { decodeCommit, encodeCommit } from '../log/commit-codec';
import { commitPath } from '../log/log-files';
import { InMemoryTableStorage } from '../storage/in-memory-table-storage';
import { DeltaTable } from '../table/delta-table';

const COLUMNS = [
  { name: 'id', type: 'long' as const, nullable: false },
  { name: 'part', type: 'string' as const },
];

/** Makes `storage` behave as if another writer committed `actions` just before our next put. */
function concurrentWriter(storage: InMemoryTableStorage, makeActions: () => object[], times = 1): void {
  let remaining = times;
  storage.beforePutIfAbsent = async (path) => {
    if (remaining === 0 || !/_delta_log\/\d{20}\.json$/.test(path)) return;
    remaining--;
    storage.files.set(path, { data: encodeCommit(makeActions() as never), modificationTime: Date.now() });
  };
}

describe('commit with retry (put-if-absent races)', () => {
  let storage: InMemoryTableStorage;
  let table: DeltaTable;
  beforeEach(async () => {
    storage = new InMemoryTableStorage();
    table = await DeltaTable.create('memory://t', { columns: COLUMNS, partitionColumns: ['part'], storage });
  });

  it('after losing to blind appends, commits at the next free version without touching the winners', async () => {
    const winner = [{ commitInfo: { timestamp: 1, operation: 'WRITE', operationParameters: {} } }];
    concurrentWriter(storage, () => winner, 3);
    const result = await table.append([{ id: 1, part: 'a' }]);
    expect(result).toMatchObject({ status: 'committed', version: 4, attempts: 4 });
    for (const v of [1, 2, 3]) {
      expect(decodeCommit((await storage.read(commitPath(v)))!, 'x')).toEqual(winner);
    }
    expect(await table.readRows()).toEqual([{ id: 1, part: 'a' }]);
  });

  it('a winner carrying our txn (appId, version >= ours) means ours is already in: no-op', async () => {
    concurrentWriter(storage, () => [{ txn: { appId: 'job/1', version: 0, lastUpdated: 1 } }]);
    const result = await table.append([{ id: 1, part: 'a' }], { txn: { appId: 'job/1', version: 0 } });
    expect(result).toEqual({ status: 'already-committed', appId: 'job/1', committedVersion: 0 });
    expect(await storage.read(commitPath(2))).toBeNull();
  });

  it('a winner with a txn for another appId, or an older version of ours, does not stop us', async () => {
    concurrentWriter(storage, () => [{ txn: { appId: 'job/2', version: 9 } }, { txn: { appId: 'job/1', version: 0 } }]);
    const result = await table.append([{ id: 1, part: 'a' }], { txn: { appId: 'job/1', version: 1 } });
    expect(result).toMatchObject({ status: 'committed', version: 2 });
  });

  it('a winner that changed the metadata is a conflict', async () => {
    const { metadata } = await table.snapshot();
    concurrentWriter(storage, () => [{ metaData: { ...metadata, configuration: { x: '1' } } }]);
    await expect(table.append([{ id: 1, part: 'a' }])).rejects.toBeInstanceOf(DeltaConcurrentModificationError);
  });

  it('gives up after maxCommitAttempts lost races', async () => {
    const impatient = await DeltaTable.open('memory://t', { storage, maxCommitAttempts: 2 });
    concurrentWriter(storage, () => [{ commitInfo: { timestamp: 1, operation: 'WRITE', operationParameters: {} } }], 5);
    await expect(impatient.append([{ id: 1, part: 'a' }])).rejects.toThrow(/after 2 attempts/);
  });
});
