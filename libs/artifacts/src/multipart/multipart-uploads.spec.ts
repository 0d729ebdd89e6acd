import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode, InvalidParameterError } from '@llmops/contract';
import { pathToFileUri } from '../artifact-uri';
import { LocalArtifactRepository } from '../local/local-artifact.repository';
import { MultipartUploads, stagingUriFor } from './multipart-uploads';

const rejectionOf = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('MultipartUploads', () => {
  let base: string;
  let target: LocalArtifactRepository;
  let staging: LocalArtifactRepository;
  let clock: number;
  const uploads = (limitBytes = 1000) =>
    new MultipartUploads({
      limitBytes,
      ttlMs: 60_000,
      tooLarge: (limit) => new InvalidParameterError(`too large (${limit})`),
      now: () => clock,
    });

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'llmops-mpu-'));
    clock = 1_000;
    const root = pathToFileUri(join(base, 'run', 'artifacts'));
    target = new LocalArtifactRepository(root);
    staging = new LocalArtifactRepository(stagingUriFor(root));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('joins parts uploaded in any order into one file and leaves no staging behind', async () => {
    const mpu = uploads();
    const created = await mpu.create(staging, 'data/big.bin', 3);
    const p3 = await mpu.writePart(
      staging,
      created.uploadId,
      3,
      created.partToken,
      Readable.from([Buffer.from('ccc')]),
    );
    const p1 = await mpu.writePart(
      staging,
      created.uploadId,
      1,
      created.partToken,
      Readable.from([Buffer.from('aaa')]),
    );
    const p2 = await mpu.writePart(staging, created.uploadId, 2, created.partToken, Readable.from([Buffer.from('bb')]));
    expect(await target.list('')).toEqual([]);
    const parts = [p1, p2, p3].map((p) => ({ part_number: p.partNumber, etag: p.etag }));
    expect(await mpu.complete(staging, target, 'data/big.bin', created.uploadId, parts)).toEqual({ size: 8 });
    expect((await target.readBuffer('data/big.bin')).toString()).toBe('aaabbccc');
    expect(readdirSync(join(base, 'run', 'artifacts.uploads'))).toEqual([]);
    const gone = await rejectionOf(mpu.complete(staging, target, 'data/big.bin', created.uploadId, parts));
    expect(gone.code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
  });

  it('refuses parts without the upload token, out of range, past the size limit or after expiry', async () => {
    const mpu = uploads(10);
    const { uploadId, partToken } = await mpu.create(staging, 'f.bin', 2);
    const body = () => Readable.from([Buffer.from('12345678')]);
    expect((await rejectionOf(mpu.writePart(staging, uploadId, 1, undefined, body()))).code).toBe(
      ErrorCode.PERMISSION_DENIED,
    );
    expect((await rejectionOf(mpu.writePart(staging, uploadId, 1, 'guess', body()))).code).toBe(
      ErrorCode.PERMISSION_DENIED,
    );
    expect((await rejectionOf(mpu.writePart(staging, uploadId, 3, partToken, body()))).code).toBe(
      ErrorCode.INVALID_PARAMETER_VALUE,
    );
    await mpu.writePart(staging, uploadId, 1, partToken, body());
    expect((await rejectionOf(mpu.writePart(staging, uploadId, 2, partToken, body()))).message).toMatch(/too large/);
    clock += 120_000;
    expect((await rejectionOf(mpu.writePart(staging, uploadId, 2, partToken, Readable.from(['x'])))).code).toBe(
      ErrorCode.RESOURCE_DOES_NOT_EXIST,
    );
  });

  it('refuses a completion with missing parts, wrong etags or another path; abort drops the parts', async () => {
    const mpu = uploads();
    const { uploadId, partToken } = await mpu.create(staging, 'f.bin', 2);
    const p1 = await mpu.writePart(staging, uploadId, 1, partToken, Readable.from(['a']));
    const missing = await rejectionOf(
      mpu.complete(staging, target, 'f.bin', uploadId, [{ part_number: 1, etag: p1.etag }]),
    );
    expect(missing.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    await mpu.writePart(staging, uploadId, 2, partToken, Readable.from(['b']));
    const wrongEtag = await rejectionOf(
      mpu.complete(staging, target, 'f.bin', uploadId, [
        { part_number: 1, etag: '"x"' },
        { part_number: 2, etag: '' },
      ]),
    );
    expect(wrongEtag.message).toMatch(/etag/);
    const otherPath = await rejectionOf(mpu.abort(staging, 'g.bin', uploadId));
    expect(otherPath.code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    await mpu.abort(staging, 'f.bin', uploadId);
    expect(await target.exists('f.bin')).toBe(false);
    expect((await rejectionOf(mpu.abort(staging, 'f.bin', uploadId))).code).toBe(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    for (const bad of ['../x', 'ABC', '']) {
      expect((await rejectionOf(mpu.abort(staging, 'f.bin', bad))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  });

  it('refuses unsafe paths and part counts MLflow would never send', async () => {
    const mpu = uploads();
    for (const [path, parts] of [
      ['../x', 1],
      ['', 1],
      ['f', 0],
      ['f', 10_001],
      ['f', 1.5],
    ] as const) {
      expect((await rejectionOf(mpu.create(staging, path, parts))).code).toBe(ErrorCode.INVALID_PARAMETER_VALUE);
    }
  });
});
