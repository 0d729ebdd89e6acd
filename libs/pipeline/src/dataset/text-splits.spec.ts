import { InvalidParameterError } from '@llmops/contract';
import {
  estimateTextBytesPerRow,
  parseCsv,
  parseJsonl,
  parquetSplits,
  planSplits,
  readSplit,
  ROW_SIZE_SAMPLE_BYTES,
  TabularSource,
} from './tabular-file';
import { readTextSplit, scanTextDataset, taperedSizes } from './text-splits';

function memorySource(text: string | Uint8Array, label = 'd'): TabularSource & { reads: Array<[number, number]> } {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  const reads: Array<[number, number]> = [];
  return {
    label,
    size: bytes.length,
    key: `${label}:${bytes.length}`,
    reads,
    read: async (position, length) => {
      reads.push([position, length]);
      return bytes.subarray(position, position + length);
    },
  };
}

/**
 * Plans splits with every chunk size from 1 byte (so each record, line end and multibyte
 * character crosses a chunk boundary somewhere) and every split size, then reads each split on
 * its own: together they must give exactly the rows of the whole file, once, in order.
 */
async function expectSplitsCover(text: string, format: 'jsonl' | 'csv', expected: Record<string, unknown>[]) {
  for (const chunkBytes of [1, 2, 3, 5, 7, 64, 4096]) {
    for (const rowsPerSplit of [1, 2, 3, 1000]) {
      const source = memorySource(text);
      const scan = await scanTextDataset(source, format, { rowsPerSplit, chunkBytes, validate: true });
      expect(scan.rowCount).toBe(expected.length);
      const rows: Record<string, unknown>[] = [];
      let nextRow = 0;
      for (const split of scan.splits) {
        expect(split.startRow).toBe(nextRow);
        expect(split.endRow - split.startRow).toBeLessThanOrEqual(rowsPerSplit);
        const read = await readTextSplit(source, format, split, chunkBytes);
        expect(read.length).toBe(split.endRow - split.startRow);
        rows.push(...read);
        nextRow = split.endRow;
      }
      // Contiguous: each split ends where the next begins, the last at the end of the file.
      for (let i = 1; i < scan.splits.length; i++) expect(scan.splits[i].startByte).toBe(scan.splits[i - 1].endByte);
      if (scan.splits.length > 0) expect(scan.splits[scan.splits.length - 1].endByte).toBe(source.size);
      expect({ chunkBytes, rowsPerSplit, rows }).toEqual({ chunkBytes, rowsPerSplit, rows: expected });
    }
  }
}

describe('text dataset splits', () => {
  it('JSONL: lines crossing chunk and split boundaries, CRLF, blank lines, a last line without newline', async () => {
    const text = '{"id":1,"a":"x"}\r\n\n  \r\n{"id":2,"a":"yy"}\n{"id":3}\r\n\n{"id":4,"a":"last"}';
    await expectSplitsCover(text, 'jsonl', parseJsonl(text, 'd'));
  });

  it('JSONL: multibyte UTF-8 split at every byte (each split starts on a record, never inside a character)', async () => {
    const text = ['{"id":"é","a":"日本語のテキスト"}', '{"id":"😀","a":"ü"}', '{"id":"x","a":"ß€"}'].join('\n') + '\n';
    await expectSplitsCover(text, 'jsonl', parseJsonl(text, 'd'));
  });

  it('JSONL: a UTF-8 byte order mark is not part of the first record', async () => {
    const text = '\uFEFF{"id":1}\n{"id":2}\n';
    await expectSplitsCover(text, 'jsonl', [{ id: 1 }, { id: 2 }]);
    const scan = await scanTextDataset(memorySource(text), 'jsonl', { rowsPerSplit: 1 });
    expect(scan.splits[0].startByte).toBe(3);
    expect(scan.columns).toEqual(['id']);
  });

  it('CSV: quoted newlines (LF, CRLF, CR), doubled quotes and commas never end a record', async () => {
    const text =
      'id,article\r\n1,"line one\nline two"\r\n2,"He said ""hi"",\r\nthen ""left"""\r\n3,"a\rb"\n\n4,plain\n5,"ends, quoted"';
    const expected = parseCsv(text, 'd');
    expect(expected.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    await expectSplitsCover(text, 'csv', expected);
  });

  it('CSV: BOM before the header, multibyte text, last record without newline', async () => {
    const text = '\uFEFFid,article\n1,"naïve café, 日本"\n2,€uro';
    await expectSplitsCover(text, 'csv', [
      { id: '1', article: 'naïve café, 日本' },
      { id: '2', article: '€uro' },
    ]);
  });

  it('CSV: an unterminated quote or a record of another width is refused by number, never echoing content', async () => {
    const open = scanTextDataset(memorySource('id,article\n1,"SECRET\n2,x\n'), 'csv', { validate: true });
    await expect(open).rejects.toThrow(new InvalidParameterError('dataset d: a quoted field is not terminated'));
    const width = scanTextDataset(memorySource('id,article\n1,a\n2,SECRET,x\n'), 'csv', { validate: true });
    await expect(width).rejects.toThrow('dataset d: record 2 has 3 fields, the header has 2');
  });

  it('JSONL: a bad line is named by its line number at planning and by its record number in a split', async () => {
    const text = '{"id":1}\n\n{"SECRET\n';
    await expect(scanTextDataset(memorySource(text), 'jsonl', { validate: true })).rejects.toThrow(
      /^dataset d: line 3 is not valid JSON$/,
    );
    // Without validation the plan only parses the first rows (for columns): the worker refuses it.
    const many = Array.from({ length: 150 }, (_, i) => `{"id":${i}}`).join('\n') + '\n{nope\n';
    const source = memorySource(many);
    const scan = await scanTextDataset(source, 'jsonl', { rowsPerSplit: 100 });
    expect(scan.rowCount).toBe(151);
    await expect(readTextSplit(source, 'jsonl', scan.splits[1])).rejects.toThrow(
      /^dataset d: record 151 is not valid JSON$/,
    );
  });

  it('cuts a split at maxSplitBytes too, and a worker reads only its split (plus the CSV header)', async () => {
    const text = 'id,article\n' + Array.from({ length: 10 }, (_, i) => `${i},${'x'.repeat(20)}`).join('\n') + '\n';
    const plan = await planSplits(memorySource(text), 'csv', { rowsPerSplit: 100, maxSplitBytes: 50 });
    expect(plan.shape.rowCount).toBe(10);
    expect(plan.splits.map((s) => s.endRow - s.startRow)).toEqual([3, 3, 3, 1]);
    const source = memorySource(text);
    const rows = await readSplit(source, 'csv', plan.splits[2]);
    expect(rows.map((r) => r.id)).toEqual(['6', '7', '8']);
    const split = plan.splits[2] as { startByte: number; endByte: number };
    // The header (from 0) and the split's bytes: nothing between them, nothing after.
    for (const [position, length] of source.reads.filter(([p]) => p > 3)) {
      expect(position).toBeGreaterThanOrEqual(split.startByte);
      expect(position + length).toBeLessThanOrEqual(split.endByte);
    }
  });

  it('sizes splits by a rule given the file size and the average row size of its first MiB', async () => {
    // 10-byte JSONL lines ({"id":10}\n), 40 of them after a BOM.
    const lines = Array.from({ length: 40 }, (_, i) => `{"id":${10 + i}}\n`).join('');
    const samples: Array<{ sizeBytes: number; bytesPerRow: number }> = [];
    const plan = await planSplits(memorySource('\ufeff' + lines), 'jsonl', {
      rowsPerSplit: (sample) => {
        samples.push(sample);
        return Math.round(sample.sizeBytes / sample.bytesPerRow / 4);
      },
    });
    expect(samples).toEqual([{ sizeBytes: 403, bytesPerRow: 10 }]);
    expect(plan.rowsPerSplit).toBe(10);
    expect(plan.splits.map((s) => s.endRow - s.startRow)).toEqual([10, 10, 10, 10]);
    // A number is used as given.
    expect((await planSplits(memorySource(lines), 'jsonl', { rowsPerSplit: 7 })).rowsPerSplit).toBe(7);
  });

  it('estimates row size without the CSV header, with a last line lacking its newline, and past the sample', async () => {
    const csv = 'id,article\n' + '1,abcdefg\n'.repeat(5) + '2,abcdefgh';
    expect(await estimateTextBytesPerRow(memorySource(csv), 'csv')).toBe(10);
    expect(await estimateTextBytesPerRow(memorySource('{"a":"bc"}\n{"a":"de"}'), 'jsonl')).toBe(10.5);
    // One row longer than the sample: the sample's size, a lower bound.
    const long = `{"a":"${'x'.repeat(ROW_SIZE_SAMPLE_BYTES + 10)}"}\n`;
    expect(await estimateTextBytesPerRow(memorySource(long), 'jsonl')).toBe(ROW_SIZE_SAMPLE_BYTES);
    // The first MiB only is read, whatever the file's size.
    const source = memorySource('{"id":1}\n'.repeat(300_000));
    await estimateTextBytesPerRow(source, 'jsonl');
    expect(source.reads).toEqual([[0, ROW_SIZE_SAMPLE_BYTES]]);
  });

  it('refuses a plan of more splits than allowed before listing them all', async () => {
    const text = Array.from({ length: 5 }, (_, i) => `{"id":${i}}`).join('\n');
    await expect(planSplits(memorySource(text), 'jsonl', { rowsPerSplit: 1, maxSplits: 2 })).rejects.toThrow(
      new InvalidParameterError('more than 2 partitions: raise partitionSize'),
    );
    expect((await planSplits(memorySource(text), 'jsonl', { rowsPerSplit: 1, maxSplits: 5 })).splits).toHaveLength(5);
  });

  it('refuses a split outside the file (the file changed since the plan)', async () => {
    await expect(
      readTextSplit(memorySource('{"id":1}\n'), 'jsonl', { startByte: 0, endByte: 99, startRow: 0 }),
    ).rejects.toThrow(/changed since the job was planned/);
  });

  it('Parquet splits follow row groups: small groups merged, a large one cut', () => {
    const ranges = (groups: number[], size: number) => parquetSplits(groups, size).map((s) => [s.startRow, s.endRow]);
    expect(ranges([10, 10, 10], 20)).toEqual([
      [0, 20],
      [20, 30],
    ]);
    expect(ranges([5, 25, 3], 10)).toEqual([
      [0, 5],
      [5, 15],
      [15, 25],
      [25, 30],
      [30, 33],
    ]);
    expect(ranges([0, 4], 10)).toEqual([[0, 4]]);
  });
});

describe('tapered tail (guided self-scheduling)', () => {
  it('cuts the last two splits into halves, quarters, eighths and sixteenths, two of each', () => {
    expect(taperedSizes(1000, 2000)).toEqual([500, 500, 250, 250, 125, 125, 63, 63, 63, 61]);
    expect(taperedSizes(1000, 1001)).toEqual([500, 500, 1]);
    expect(taperedSizes(16, 20)).toEqual([8, 8, 4]);
  });

  async function planBoth(text: string, format: 'jsonl' | 'csv', rowsPerSplit: number, maxSplitBytes?: number) {
    const equal = await scanTextDataset(memorySource(text), format, { rowsPerSplit, maxSplitBytes, chunkBytes: 7 });
    const source = memorySource(text);
    const tapered = await scanTextDataset(source, format, {
      rowsPerSplit,
      maxSplitBytes,
      chunkBytes: 7,
      taperTail: true,
    });
    return { source, equal, tapered };
  }

  async function expectEveryRowOnce(
    source: TabularSource,
    format: 'jsonl' | 'csv',
    splits: TextSplitLike[],
    all: unknown[],
  ) {
    const rows: unknown[] = [];
    for (let i = 0; i < splits.length; i++) {
      expect(splits[i].startRow).toBe(rows.length);
      if (i > 0) expect(splits[i].startByte).toBe(splits[i - 1].endByte);
      const read = await readTextSplit(source, format, splits[i], 5);
      expect(read.length).toBe(splits[i].endRow - splits[i].startRow);
      rows.push(...read);
    }
    expect(splits[splits.length - 1].endByte).toBe(source.size);
    expect(rows).toEqual(all);
  }

  it('JSONL: the earlier splits are unchanged, the tail is tapered, every row once with its index', async () => {
    // 200 rows in splits of 16: 12 full splits and one of 8; blank lines and CRLF on the way.
    const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, a: 'é'.repeat(i % 5) }));
    const text = lines.map((l, i) => (i % 7 === 0 ? `${l}\r\n\n` : `${l}\n`)).join('');
    const { source, equal, tapered } = await planBoth(text, 'jsonl', 16);
    expect(equal.splits).toHaveLength(13);
    expect(tapered.splits.slice(0, 11)).toEqual(equal.splits.slice(0, 11));
    expect(tapered.splits.slice(11).map((s) => s.endRow - s.startRow)).toEqual(taperedSizes(16, 24));
    expect(tapered.rowCount).toBe(200);
    await expectEveryRowOnce(source, 'jsonl', tapered.splits, parseJsonl(text, 'd'));
  });

  it('CSV with newlines inside quoted fields: tapered splits still start on records', async () => {
    const records = Array.from({ length: 90 }, (_, i) => `${i},"line one\nline ""two"" of ${i}"`);
    const text = 'id,a\r\n' + records.join('\r\n') + '\r\n';
    const { equal, tapered } = await planBoth(text, 'csv', 16);
    expect(equal.splits).toHaveLength(6);
    expect(tapered.splits).toEqual(equal.splits);
    const more = 'id,a\n' + Array.from({ length: 140 }, (_, i) => `${i},"x\ny ${i}"`).join('\n');
    const planned = await planBoth(more, 'csv', 16);
    expect(planned.tapered.splits.length).toBeGreaterThan(planned.equal.splits.length);
    await expectEveryRowOnce(planned.source, 'csv', planned.tapered.splits, parseCsv(more, 'd'));
  });

  it('keeps the byte cap: a tapered split never crosses a split boundary the cap made', async () => {
    const lines = Array.from({ length: 160 }, (_, i) => JSON.stringify({ id: i, a: 'x'.repeat(i >= 140 ? 60 : 1) }));
    const text = lines.join('\n') + '\n';
    const { source, equal, tapered } = await planBoth(text, 'jsonl', 16, 400);
    const equalStarts = new Set(equal.splits.map((s) => s.startByte));
    for (const split of equal.splits) expect(split.endByte - split.startByte).toBeLessThanOrEqual(400 + 80);
    for (const split of tapered.splits.filter((s) => s.startByte >= equal.splits[equal.splits.length - 2].startByte)) {
      const owner = equal.splits.find((e) => e.startByte <= split.startByte && split.startByte < e.endByte)!;
      expect(split.endByte).toBeLessThanOrEqual(owner.endByte);
    }
    expect(tapered.splits.filter((s) => equalStarts.has(s.startByte)).length).toBe(equal.splits.length);
    await expectEveryRowOnce(source, 'jsonl', tapered.splits, parseJsonl(text, 'd'));
  });
});

type TextSplitLike = { startRow: number; endRow: number; startByte: number; endByte: number };
