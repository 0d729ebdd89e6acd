import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeltaTable } from '@llmops/delta';
import { InvalidParameterError } from '@llmops/contract';
import {
  checkContentMatchesFormat,
  fileHandleSource,
  formatOf,
  parseCsv,
  parseJsonl,
  readRowRange,
  tabularShape,
  TabularSource,
} from './tabular-file';

function memorySource(text: string | Uint8Array, label = 'd'): TabularSource {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  return {
    label,
    size: bytes.length,
    key: `${label}:${bytes.length}:${Math.random()}`,
    read: async (position, length) => bytes.subarray(position, position + length),
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('tabular files', () => {
  it('parses RFC 4180 CSV: quoted commas, doubled quotes, newlines in fields, CRLF', () => {
    const text = 'id,article,source\r\n1,"Hello, world",wire\r\n2,"He said ""hi""\nthen left",\r\n';
    expect(parseCsv(text, 'x.csv')).toEqual([
      { id: '1', article: 'Hello, world', source: 'wire' },
      { id: '2', article: 'He said "hi"\nthen left', source: '' },
    ]);
    expect(() => parseCsv('a,b\n1\n', 'x.csv')).toThrow(/record 1 has 1 fields/);
    expect(() => parseCsv('a\n"open\n', 'x.csv')).toThrow(/not terminated/);
  });

  it('parses JSONL, skipping blank lines and naming a bad line', () => {
    expect(parseJsonl('{"id":1}\n\n{"id":2}\n', 'f')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(() => parseJsonl('{"id":1}\nnope\n', 'f')).toThrow(/dataset f: line 2 is not valid JSON/);
  });

  it('never echoes the content of a file whose first line is a secret, whatever format it is read as', async () => {
    const secret = 'TOPSECRET-7f3a,password=hunter2';
    const source = memorySource(`${secret}\nsecond line\n`, 'notes.txt');
    for (const format of ['jsonl', 'csv', 'parquet'] as const) {
      const error = await rejection(tabularShape(source, format));
      expect(error.message).not.toContain('TOPSECRET');
      expect(error.message).not.toContain('hunter2');
    }
    // CSV parses (a header and a record of another width): the count, never the fields.
    const csv = await rejection(tabularShape(source, 'csv'));
    expect(csv).toBeInstanceOf(InvalidParameterError);
    expect(csv.message).toBe('dataset notes.txt: record 1 has 1 fields, the header has 2');
  });

  it('refuses a format the bytes contradict: Parquet as text, text as Parquet, binary as text', async () => {
    const parquetLike = new Uint8Array([...Buffer.from('PAR1'), 1, 2, 3, 4, ...Buffer.from('PAR1')]);
    await expect(checkContentMatchesFormat(memorySource(parquetLike), 'csv')).rejects.toThrow(
      /is a Parquet file, not csv/,
    );
    await expect(checkContentMatchesFormat(memorySource('{"id":1}\n'), 'parquet')).rejects.toThrow(
      /is not a Parquet file/,
    );
    await expect(checkContentMatchesFormat(memorySource(new Uint8Array([104, 0, 105])), 'jsonl')).rejects.toThrow(
      /binary, not jsonl/,
    );
    await expect(checkContentMatchesFormat(memorySource('{"id":1}\n'), 'jsonl')).resolves.toBeUndefined();
  });

  it('tells formats by extension', () => {
    expect([formatOf('a.jsonl'), formatOf('b.CSV'), formatOf('c.parquet'), formatOf('d.txt')]).toEqual([
      'jsonl',
      'csv',
      'parquet',
      null,
    ]);
  });

  it('reads a row range of a CSV file through an open handle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabular-'));
    const path = join(dir, 'd.csv');
    writeFileSync(path, 'id,article\n' + [0, 1, 2, 3].map((i) => `${i},text ${i}`).join('\n'));
    const handle = await open(path, 'r');
    try {
      const source = fileHandleSource(handle, { label: 'd.csv', size: (await handle.stat()).size, key: path });
      expect(await readRowRange(source, 'csv', 1, 3)).toEqual([
        { id: '1', article: 'text 1' },
        { id: '2', article: 'text 2' },
      ]);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the shape and a row range of a Parquet file by byte ranges', async () => {
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
    const handle = await open(file, 'r');
    try {
      const source = fileHandleSource(handle, { label: 'p', size: (await handle.stat()).size, key: file });
      expect(await tabularShape(source, 'parquet')).toEqual({
        rowCount: 5,
        columns: ['id', 'article'],
        binaryColumns: [],
      });
      expect(await readRowRange(source, 'parquet', 3, 5)).toEqual([
        { id: 'p3', article: 'text 3' },
        { id: 'p4', article: 'text 4' },
      ]);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
