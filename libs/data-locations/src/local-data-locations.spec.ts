import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  renameSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { ErrorCode, LlmopsError } from '@llmops/contract';
import { DataRootsConfigError } from './data-roots';
import { LocalDataLocations } from './local-data-locations';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return error instanceof LlmopsError ? error.code : (error as Error).message;
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<LlmopsError> {
  try {
    await promise;
  } catch (error) {
    return error as LlmopsError;
  }
  throw new Error('expected a rejection');
}

describe('LocalDataLocations', () => {
  let base: string;
  let dataDir: string;
  let outside: string;
  let lake: string;
  let locations: LocalDataLocations;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'data-locations-'));
    dataDir = join(base, 'data');
    outside = join(base, 'outside');
    lake = join(base, 'lake');
    mkdirSync(outside);
    mkdirSync(lake);
    writeFileSync(join(outside, 'secret.csv'), 'TOPSECRET,x\n1,2\n');
    locations = LocalDataLocations.open({ dataDir, tableRoots: `lake=${lake}` });
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('creates the default roots and names what is under them, one spelling per location', () => {
    expect(existsSync(join(dataDir, 'datasets'))).toBe(true);
    expect(existsSync(join(dataDir, 'tables'))).toBe(true);
    expect(locations.nameOf('dataset', 'news/prod.jsonl')).toBe('news/prod.jsonl');
    expect(locations.nameOf('dataset', join(dataDir, 'datasets', 'news/prod.jsonl'))).toBe('news/prod.jsonl');
    expect(locations.nameOf('dataset', pathToFileURL(join(dataDir, 'datasets', 'a.csv')).href)).toBe('a.csv');
    expect(locations.nameOf('table', join(lake, 'summaries'))).toBe('lake/summaries');
    expect(locations.nameOf('table', 'lake/summaries')).toBe('lake/summaries');
    expect(locations.nameOf('table', 'news_summaries')).toBe('news_summaries');
  });

  it.each([
    ['a traversal', '../outside/secret.csv'],
    ['a traversal in the middle', 'news/../../outside/secret.csv'],
    ['a dot segment', './a.jsonl'],
    ['an empty segment', 'news//a.jsonl'],
    ['a trailing slash', 'news/'],
    ['a hidden name (the upload staging area)', '.uploads/x'],
    ['a NUL', 'a\u0000.jsonl'],
    ['a backslash', 'a\\..\\b'],
    ['percent-encoding (never decoded)', '%2e%2e/outside/secret.csv'],
    ['an absolute path outside the roots', '/etc/hosts'],
    ['an absolute path with ..', '/DATA/datasets/../../outside/secret.csv'],
    ['a file:// URI outside the roots', 'file:///etc/hosts'],
    ['a file:// URI with encoded dots', 'file:///DATA/datasets/%2e%2e/%2e%2e/outside/secret.csv'],
    ['a file:// URI with a host', 'file://evil.example/etc/hosts'],
    ['another scheme', 's3://bucket/x.jsonl'],
    ['a Windows drive', 'C:\\Windows\\win.ini'],
    ['a home directory', '~/x.jsonl'],
    ['a name starting with a dash', '-rf'],
    ['the other kind of root', '/DATA/tables/t'],
  ])('refuses %s (no disk access)', (_what, value) => {
    const concrete = value.replace('/DATA/', `${dataDir}/`);
    expect(codeOf(() => locations.nameOf('dataset', concrete))).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
  });

  it('refuses a mount alone, and a default-root path hidden by a mount', () => {
    expect(codeOf(() => locations.nameOf('table', 'lake'))).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect(codeOf(() => locations.nameOf('table', join(dataDir, 'tables', 'lake', 'x')))).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
  });

  it('refuses a symlink inside the root that leads out (file and directory), accepts one that stays in', async () => {
    const root = join(dataDir, 'datasets');
    symlinkSync(join(outside, 'secret.csv'), join(root, 'link.csv'));
    symlinkSync(outside, join(root, 'dir'));
    writeFileSync(join(root, 'real.jsonl'), '{"id":1}\n');
    symlinkSync(join(root, 'real.jsonl'), join(root, 'alias.jsonl'));
    for (const name of ['link.csv', 'dir/secret.csv', 'dir/not-yet.csv']) {
      const error = await rejectionOf(locations.locate('dataset', name));
      expect(error.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
      expect(error.message).toMatch(/symbolic link leads outside/);
      expect((await rejectionOf(locations.openDataset(name))).message).not.toContain('TOPSECRET');
    }
    const opened = await locations.openDataset('alias.jsonl');
    await opened.close();
    expect(opened.location.name).toBe('alias.jsonl');
  });

  it('opens only regular files, without blocking on a FIFO', async () => {
    const root = join(dataDir, 'datasets');
    execFileSync('mkfifo', [join(root, 'pipe.jsonl')]);
    mkdirSync(join(root, 'folder.jsonl'));
    expect((await rejectionOf(locations.openDataset('pipe.jsonl'))).message).toMatch(/not a regular file/);
    expect((await rejectionOf(locations.openDataset('folder.jsonl'))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    expect((await rejectionOf(locations.openDataset('missing.jsonl'))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('holds the file it verified: a symlink swapped in after opening changes nothing it reads', async () => {
    const root = join(dataDir, 'datasets');
    writeFileSync(join(root, 'data.jsonl'), '{"id":"inside"}\n');
    const opened = await locations.openDataset('data.jsonl');
    try {
      renameSync(join(root, 'data.jsonl'), join(root, 'moved.jsonl'));
      symlinkSync(join(outside, 'secret.csv'), join(root, 'data.jsonl'));
      const buffer = Buffer.alloc(opened.size);
      await opened.handle.read(buffer, 0, opened.size, 0);
      expect(buffer.toString()).toBe('{"id":"inside"}\n');
    } finally {
      await opened.close();
    }
    // Opened again now, the swapped-in link is refused.
    expect((await rejectionOf(locations.openDataset('data.jsonl'))).message).toMatch(/outside the dataset root/);
  });

  it('creates table directories under the root and refuses one a directory symlink leads out of', async () => {
    const real = await locations.ensureTableDirectory('team/summaries');
    expect(real).toBe(join(dataDir, 'tables', 'team', 'summaries'));
    symlinkSync(outside, join(dataDir, 'tables', 'evil'));
    expect((await rejectionOf(locations.ensureTableDirectory('evil/t'))).message).toMatch(/outside the table root/);
    expect(existsSync(join(outside, 't'))).toBe(false);
    expect(await locations.ensureTableDirectory('lake/t')).toBe(join(lake, 't'));
  });

  it('publishes a staged upload without ever replacing a name, and removes the staged file', async () => {
    const staging = await locations.stagingDirectory();
    const first = join(staging, 'a.part');
    writeFileSync(first, 'one\n');
    expect((await locations.publishStaged(first, 'up/one.jsonl')).published).toBe(true);
    const second = join(staging, 'b.part');
    writeFileSync(second, 'two\n');
    expect((await locations.publishStaged(second, 'up/one.jsonl')).published).toBe(false);
    expect(readFileSync(join(dataDir, 'datasets', 'up', 'one.jsonl'), 'utf8')).toBe('one\n');
    expect(existsSync(first) || existsSync(second)).toBe(false);
    // A staged file is never published through a symlinked directory out of the root.
    symlinkSync(outside, join(dataDir, 'datasets', 'out'));
    const third = join(staging, 'c.part');
    writeFileSync(third, 'three\n');
    expect((await rejectionOf(locations.publishStaged(third, 'out/x.jsonl'))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    expect(existsSync(join(outside, 'x.jsonl'))).toBe(false);
  });

  it('fails at boot on bad roots, naming every problem', () => {
    mkdirSync(join(base, 'd2'));
    const attempt = (settings: Parameters<typeof LocalDataLocations.open>[0]) => {
      try {
        LocalDataLocations.open(settings);
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(DataRootsConfigError);
        return (error as Error).message;
      }
    };
    expect(attempt({ dataDir, datasetRoots: 'bad mount=/x' })).toMatch(/mount=\/absolute\/path/);
    expect(attempt({ dataDir, datasetRoots: 'rel=relative/dir' })).toMatch(/must be absolute/);
    expect(attempt({ dataDir, datasetRoots: `m=${join(base, 'missing')}` })).toMatch(/cannot be used: ENOENT/);
    expect(attempt({ dataDir, datasetRoots: `m=${base}` })).toMatch(/overlap/);
    expect(attempt({ dataDir, datasetRoots: `m=${lake}`, tableRoots: `n=${lake}` })).toMatch(/overlap/);
    expect(attempt({ dataDir, datasetRoots: `m=${join(base, 'd2')},m=${outside}` })).toMatch(/listed twice/);
    expect(attempt({ dataDir: '' })).toMatch(/LLMOPS_DATA_DIR must be set/);
  });
});
