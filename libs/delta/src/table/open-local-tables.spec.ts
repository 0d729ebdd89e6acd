import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DeltaColumn } from '../schema/columns';
import { tempTableDir } from '../testing/temp-table';
import { DeltaTable } from './delta-table';
import { OpenLocalTables } from './open-local-tables';

const COLUMNS: DeltaColumn[] = [{ name: 'id', type: 'long', nullable: false }];

describe('OpenLocalTables', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempTableDir('open-tables-')));
  afterEach(() => cleanup());

  it('keeps a table open and sees commits made by another instance meanwhile', async () => {
    const location = path.join(dir, 'a');
    mkdirSync(location);
    await DeltaTable.create(location, { columns: COLUMNS });
    const tables = new OpenLocalTables();
    const first = await tables.open(location);
    const other = await DeltaTable.open(location);
    await other.append([{ id: 1 }]);
    const again = await tables.open(location);
    expect(again).toBe(first);
    expect((await again.snapshot()).version).toBe(1);
    expect(await again.append([{ id: 2 }])).toMatchObject({ status: 'committed', version: 2 });
  });

  it('opens a table removed and created again under its path afresh, and drops the least recently used', async () => {
    const location = path.join(dir, 'a');
    mkdirSync(location);
    const old = await DeltaTable.create(location, { columns: COLUMNS });
    for (let i = 0; i < 3; i++) await old.append([{ id: i }]);
    const tables = new OpenLocalTables(1);
    const first = await tables.open(location);
    expect((await first.snapshot()).version).toBe(3);
    rmSync(location, { recursive: true });
    // A placeholder takes the old inode number, so the new directory gets another one.
    mkdirSync(path.join(dir, 'placeholder'));
    mkdirSync(location);
    await DeltaTable.create(location, { columns: COLUMNS });
    const fresh = await tables.open(location);
    expect(fresh).not.toBe(first);
    expect((await fresh.snapshot()).version).toBe(0);

    const second = path.join(dir, 'b');
    mkdirSync(second);
    await DeltaTable.create(second, { columns: COLUMNS });
    await tables.open(second);
    expect(await tables.open(location)).not.toBe(fresh);
  });
});
