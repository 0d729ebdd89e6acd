import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import { ArtifactRepositoryFactory, artifactRepositoryFor } from '../artifact-repository.factory';
import { appendToArtifactUri, isWithinArtifactRoot, pathToFileUri } from '../artifact-uri';
import { LocalArtifactRepository } from './local-artifact.repository';

describe('LocalArtifactRepository', () => {
  let base: string;
  let rootDir: string;
  let repo: LocalArtifactRepository;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'llmops-artifacts-'));
    rootDir = join(base, 'root');
    mkdirSync(rootDir);
    writeFileSync(join(base, 'secret.txt'), 'top secret');
    repo = new LocalArtifactRepository(pathToFileUri(rootDir));
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('writes buffers and streams, reads them back and lists like MLflow', async () => {
    await repo.writeFile('model/MLmodel', Buffer.from('flavors: {}\n'));
    await repo.writeFile('model/weights/w.bin', Readable.from([Buffer.from('abc'), Buffer.from('def')]));
    await repo.writeFile('notes.txt', 'hello');

    expect((await repo.readBuffer('model/weights/w.bin')).toString()).toBe('abcdef');
    expect(await repo.list()).toEqual([
      { path: 'model', is_dir: true },
      { path: 'notes.txt', is_dir: false, file_size: 5 },
    ]);
    expect(await repo.list('model')).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: 12 },
      { path: 'model/weights', is_dir: true },
    ]);
    expect(await repo.list('missing')).toEqual([]);
    expect(await repo.list('notes.txt')).toEqual([]);
    expect(await repo.exists('model/MLmodel')).toBe(true);
    expect(await repo.exists('model/nope')).toBe(false);
  });

  it('deletes files and trees, never what a link points at, nothing outside the root', async () => {
    await repo.writeFile('model/MLmodel', 'm');
    await repo.writeFile('model/weights/w.bin', 'w');
    await repo.writeFile('keep.txt', 'k');
    symlinkSync(join(base, 'secret.txt'), join(rootDir, 'link.txt'));
    await repo.delete('model/weights');
    expect(await repo.list('model')).toEqual([{ path: 'model/MLmodel', is_dir: false, file_size: 1 }]);
    await repo.delete('link.txt');
    expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe('top secret');
    await repo.delete('missing/thing');
    await expect(repo.delete('../secret.txt')).rejects.toBeInstanceOf(InvalidParameterError);
    await repo.delete('');
    expect(await repo.list('')).toEqual([]);
    expect(existsSync(rootDir)).toBe(true);
    expect(existsSync(join(base, 'secret.txt'))).toBe(true);
  });

  it('replaces a file on rewrite', async () => {
    await repo.writeFile('a.txt', 'one');
    await repo.writeFile('a.txt', 'two');
    expect((await repo.readBuffer('a.txt')).toString()).toBe('two');
    expect(await repo.list()).toEqual([{ path: 'a.txt', is_dir: false, file_size: 3 }]);
  });

  it('uploads and downloads whole directories', async () => {
    const local = join(base, 'local');
    mkdirSync(join(local, 'sub'), { recursive: true });
    writeFileSync(join(local, 'a.json'), '{}');
    writeFileSync(join(local, 'sub', 'b.txt'), 'b');
    await repo.writeDirectory(local, 'pkg');
    expect(await repo.list('pkg')).toEqual([
      { path: 'pkg/a.json', is_dir: false, file_size: 2 },
      { path: 'pkg/sub', is_dir: true },
    ]);
    const out = await repo.downloadDirectory('pkg', join(base, 'out'));
    expect(readFileSync(join(out, 'sub', 'b.txt'), 'utf8')).toBe('b');
    await expect(repo.downloadDirectory('nope', join(base, 'out2'))).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it('refuses to write a file over a directory or under a file', async () => {
    await repo.writeFile('d/x.txt', 'x');
    await expect(repo.writeFile('d', 'y')).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.writeFile('d/x.txt/inner', 'y')).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.writeDirectory(base, 'd/x.txt')).rejects.toBeInstanceOf(InvalidParameterError);
    expect((await repo.readBuffer('d/x.txt')).toString()).toBe('x');
  });

  it('answers RESOURCE_DOES_NOT_EXIST for a missing file or a directory', async () => {
    await repo.writeFile('d/x.txt', 'x');
    await expect(repo.readFile('missing.txt')).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(repo.readFile('d')).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it.each([
    '../secret.txt',
    '..\\secret.txt',
    '%2e%2e%2fsecret.txt',
    '%252e%252e%252fsecret.txt',
    '/etc/passwd',
    'C:\\x',
    'a\u0000b',
    '..;/secret.txt',
  ])('refuses %j for every operation and writes nothing', async (path) => {
    await expect(repo.readFile(path)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.writeFile(path, 'pwned')).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.list(path)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.exists(path)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.writeDirectory(base, path)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.downloadDirectory(path, join(base, 'dl'))).rejects.toBeInstanceOf(InvalidParameterError);
    expect(readFileSync(join(base, 'secret.txt'), 'utf8')).toBe('top secret');
    expect(await repo.list()).toEqual([]);
    expect(existsSync(join(base, 'dl'))).toBe(false);
  });

  it('refuses to follow a symbolic link that leads outside the root', async () => {
    symlinkSync(base, join(rootDir, 'escape'));
    await expect(repo.readFile('escape/secret.txt')).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(repo.writeFile('escape/new.txt', 'x')).rejects.toBeInstanceOf(InvalidParameterError);
    expect(existsSync(join(base, 'new.txt'))).toBe(false);
  });
});

describe('ArtifactRepositoryFactory', () => {
  it('picks the implementation by scheme and refuses unknown schemes', () => {
    expect(artifactRepositoryFor('file:///tmp/llmops-x')).toBeInstanceOf(LocalArtifactRepository);
    expect(() => artifactRepositoryFor('s3://bucket/x')).toThrow(/Unsupported artifact URI scheme 's3'/);
    expect(() => artifactRepositoryFor('/tmp/no-scheme')).toThrow(InvalidParameterError);
    const factory = new ArtifactRepositoryFactory().register(
      'mem',
      (uri) => new LocalArtifactRepository(uri.replace('mem', 'file')),
    );
    expect(factory.forUri('mem:///tmp/y')).toBeInstanceOf(LocalArtifactRepository);
  });

  it('tells whether a URI stays inside a root, however it is spelled', () => {
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///data/artifacts/7')).toBe(true);
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///data/artifacts')).toBe(true);
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///data/artifacts-evil/7')).toBe(false);
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///data/artifacts/../secrets')).toBe(false);
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///data/artifacts/%2e%2e/secrets')).toBe(false);
    expect(isWithinArtifactRoot('file:///data/artifacts', 'file:///etc')).toBe(false);
    expect(isWithinArtifactRoot('file:///data/artifacts', 's3://bucket/x')).toBe(false);
    expect(isWithinArtifactRoot('s3://bucket/root', 's3://bucket/root/x')).toBe(true);
    expect(isWithinArtifactRoot('s3://bucket/root', 's3://bucket/root/../x')).toBe(false);
  });

  it('appends checked paths to URIs', () => {
    expect(appendToArtifactUri('file:///a/b/', 'c d/e')).toBe('file:///a/b/c%20d/e');
    expect(appendToArtifactUri('file:///a', '')).toBe('file:///a');
    expect(() => appendToArtifactUri('file:///a', '../x')).toThrow(InvalidParameterError);
  });
});
