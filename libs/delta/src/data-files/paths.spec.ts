import { escapeHivePathName, fromAddPath, partitionDirectory, toAddPath } from './paths';

describe('data file paths', () => {
  it('escapes partition folder names the way Spark does', () => {
    expect(escapeHivePathName('2026-11-27')).toBe('2026-11-27');
    expect(escapeHivePathName('a:b/c=d%')).toBe('a%3Ab%2Fc%3Dd%25');
    expect(escapeHivePathName('with space')).toBe('with space');
  });

  it('builds Hive folders in partition column order, nulls as the Hive default partition', () => {
    expect(partitionDirectory(['a', 'b'], { b: 'x', a: null })).toBe('a=__HIVE_DEFAULT_PARTITION__/b=x/');
    expect(partitionDirectory([], {})).toBe('');
  });

  it('percent-encodes add.path as a URI and decodes it back to the storage path', () => {
    const storagePath = 'job_id=job%3A1 é/part-0.parquet';
    const uri = toAddPath(storagePath);
    expect(uri).toBe('job_id=job%253A1%20%C3%A9/part-0.parquet');
    expect(fromAddPath(uri)).toBe(storagePath);
  });
});
