import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { DeltaTable } from '@llmops/delta';
import { datasetPath, formatOf, parquetShape, parseCsv, parseJsonl, readRowRange } from './tabular-file';

describe('tabular files', () => {
  it('parses RFC 4180 CSV: quoted commas, doubled quotes, newlines in fields, CRLF', () => {
    const text = 'id,article,source\r\n1,"Hello, world",wire\r\n2,"He said ""hi""\nthen left",\r\n';
    expect(parseCsv(text, 'x.csv')).toEqual([
      { id: '1', article: 'Hello, world', source: 'wire' },
      { id: '2', article: 'He said "hi"\nthen left', source: '' },
    ]);
    expect(() => parseCsv('a,b\n1\n', 'x.csv')).toThrow(/record 1 has 1 fields/);
    expect(() => parseCsv('a\n"open\n', 'x.csv')).toThrow(/unterminated/);
  });

  it('parses JSONL, skipping blank lines and naming a bad line', () => {
    expect(parseJsonl('{"id":1}\n\n{"id":2}\n', 'f')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(() => parseJsonl('{"id":1}\nnope\n', 'f')).toThrow(/f:2: not valid JSON/);
  });

  it('tells formats by extension and accepts paths or file:// URIs only', () => {
    expect([formatOf('a.jsonl'), formatOf('b.CSV'), formatOf('c.parquet'), formatOf('d.txt')]).toEqual([
      'jsonl',
      'csv',
      'parquet',
      null,
    ]);
    expect(datasetPath('file:///data/x.jsonl')).toBe('/data/x.jsonl');
    expect(() => datasetPath('s3://bucket/x.jsonl')).toThrow(/only local files/);
  });

  it('reads a row range of a CSV file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabular-'));
    const path = join(dir, 'd.csv');
    writeFileSync(path, 'id,article\n' + [0, 1, 2, 3].map((i) => `${i},text ${i}`).join('\n'));
    expect(await readRowRange(path, 'csv', 1, 3)).toEqual([
      { id: '1', article: 'text 1' },
      { id: '2', article: 'text 2' },
    ]);
  });

  it('reads the shape and a row range of a Parquet file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabular-'));
    // A Delta data file is a plain Parquet file: a convenient writer.
    const table = await DeltaTable.create(dir, {
      columns: [
        { name: 'id', type: 'string' },
        { name: 'article', type: 'string' },
      ],
    });
    await table.append([0, 1, 2, 3, 4].map((i) => ({ id: `p${i}`, article: `text ${i}` })));
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.parquet')) as string);
    expect(await parquetShape(file)).toEqual({ rowCount: 5, columns: ['id', 'article'] });
    expect(await readRowRange(file, 'parquet', 3, 5)).toEqual([
      { id: 'p3', article: 'text 3' },
      { id: 'p4', article: 'text 4' },
    ]);
  });
});
