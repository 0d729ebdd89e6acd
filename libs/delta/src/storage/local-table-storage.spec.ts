import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tempTableDir } from '../testing/temp-table';
import { LocalTableStorage } from './local-table-storage';
import { openTableStorage } from './open-table-storage';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('LocalTableStorage', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempTableDir()));
  afterEach(() => cleanup());

  it('putIfAbsent creates once and never overwrites', async () => {
    const storage = new LocalTableStorage(dir);
    expect(await storage.putIfAbsent('_delta_log/00.json', bytes('first'))).toBe(true);
    expect(await storage.putIfAbsent('_delta_log/00.json', bytes('second'))).toBe(false);
    expect(readFileSync(path.join(dir, '_delta_log/00.json'), 'utf8')).toBe('first');
  });

  it('of many concurrent putIfAbsent calls for one path exactly one wins, and its bytes are the file', async () => {
    const storage = new LocalTableStorage(dir);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => storage.putIfAbsent('_delta_log/x.json', bytes(`writer-${i}`))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(readFileSync(path.join(dir, '_delta_log/x.json'), 'utf8')).toBe(`writer-${winner}`);
    // No temp files are left behind.
    expect(readdirSync(path.join(dir, '_delta_log'))).toEqual(['x.json']);
  });

  it('write replaces atomically, read/stat/list see files but not hidden temp files', async () => {
    const storage = new LocalTableStorage(dir);
    await storage.write('a/b.txt', bytes('one'));
    await storage.write('a/b.txt', bytes('two!'));
    expect(new TextDecoder().decode((await storage.read('a/b.txt')) ?? new Uint8Array())).toBe('two!');
    expect(await storage.stat('a/b.txt')).toEqual({ size: 4, modificationTime: expect.any(Number) });
    expect(await storage.read('a/missing')).toBeNull();
    expect(await storage.stat('a/missing')).toBeNull();
    expect(await storage.list('a')).toEqual(['b.txt']);
    expect(await storage.list('nope')).toEqual([]);
  });

  it('a write that fails after its temporary file was written removes that file', async () => {
    const storage = new LocalTableStorage(dir);
    // A non-empty directory where the file goes: the rename fails, the temporary file is written.
    mkdirSync(path.join(dir, 'a', 'b.txt', 'inside'), { recursive: true });
    await expect(storage.write('a/b.txt', bytes('one'))).rejects.toThrow();
    expect(readdirSync(path.join(dir, 'a'))).toEqual(['b.txt']);
  });

  it('refuses paths that escape the table root', async () => {
    const storage = new LocalTableStorage(dir);
    await expect(storage.read('../outside')).rejects.toThrow(/escapes the table root/);
  });

  it('confined: refuses symlinked log files and folders that lead out, and a table directory swapped for a link', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    try {
      writeFileSync(path.join(outside, '00000000000000000000.json'), 'TOPSECRET\n');
      const storage = new LocalTableStorage(dir, { confined: true });
      expect(await storage.putIfAbsent('_delta_log/00.json', bytes('first'))).toBe(true);
      symlinkSync(path.join(outside, '00000000000000000000.json'), path.join(dir, '_delta_log', '01.json'));
      await expect(storage.read('_delta_log/01.json')).rejects.toThrow(/symbolic link/);
      expect(await storage.stat('_delta_log/01.json')).toBeNull();
      symlinkSync(outside, path.join(dir, 'job_id=x'));
      await expect(storage.putIfAbsent('job_id=x/part-0.parquet', bytes('data'))).rejects.toThrow(/outside the table/);
      await expect(storage.write('job_id=x/part-1.parquet', bytes('data'))).rejects.toThrow(/outside the table/);
      expect(readdirSync(outside)).toEqual(['00000000000000000000.json']);
      // The whole table directory swapped for a link out after first use.
      renameSync(dir, `${dir}-moved`);
      symlinkSync(outside, dir);
      await expect(storage.read('_delta_log/00000000000000000000.json')).rejects.toThrow(/outside the table/);
      await expect(storage.putIfAbsent('_delta_log/02.json', bytes('x'))).rejects.toThrow(/outside the table/);
      expect(existsSync(path.join(outside, '_delta_log'))).toBe(false);
      rmSync(dir);
      renameSync(`${dir}-moved`, dir);
      mkdirSync(path.join(dir, 'ok'), { recursive: true });
      expect(await storage.putIfAbsent('ok/part.parquet', bytes('fine'))).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('is chosen for file:// URIs and plain paths', () => {
    expect(openTableStorage(`file://${dir}`)).toBeInstanceOf(LocalTableStorage);
    expect((openTableStorage(dir) as LocalTableStorage).root).toBe(dir);
    expect(() => openTableStorage('gs://b/t')).toThrow(/unsupported table URI scheme gs/);
  });
});
