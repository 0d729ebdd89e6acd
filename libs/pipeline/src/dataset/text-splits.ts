import { InvalidParameterError } from '@llmops/contract';
import type { TabularRow, TabularSource } from './tabular-file';

/*
 * Input splits of JSONL and CSV datasets, planned by streaming the file once in fixed-size chunks
 * (memory bounded by the chunk and the longest record, never the file). Every split starts at the
 * first byte of a record and ends where the next split's first record starts, so a split owns
 * exactly the records that start in it (as Hadoop's line-aligned input splits do) and a worker
 * reads only its byte range. Knowing the record boundaries from the stream (not by probing around
 * a byte offset) is what makes CSV with newlines inside quoted fields split correctly: a probe at
 * an arbitrary offset cannot tell whether it is inside quotes. Row indexes come out exact, so the
 * lineage's `row_index` is the record's index in the file, whatever the partitioning.
 */

export interface TextSplit {
  /** Rows [startRow, endRow) of the dataset (header and blank lines are not rows). */
  startRow: number;
  endRow: number;
  /** Bytes [startByte, endByte): startByte is the first byte of the split's first record. */
  startByte: number;
  endByte: number;
}

export interface TextScan {
  rowCount: number;
  /** JSONL: keys of the first rows; CSV: the header's fields. */
  columns: string[];
  splits: TextSplit[];
}

export interface TextScanOptions {
  /** Rows per split (a split is also cut once it reaches `maxSplitBytes`). */
  rowsPerSplit?: number;
  maxSplitBytes?: number;
  /** Parse every record (uploads, submits): a bad record is refused by its line or record number. */
  validate?: boolean;
  /** Refuse (before listing them all) a plan of more splits than this. */
  maxSplits?: number;
  /** Bytes read at a time. */
  chunkBytes?: number;
  /**
   * Cut the rows of the last two splits into smaller and smaller splits (see `taperedSizes`), when
   * there are at least `TAPER_MIN_SPLITS` splits of at least `TAPER_MIN_ROWS` rows.
   */
  taperTail?: boolean;
}

/** Jobs with fewer splits keep equal ones (the tail's extra commits would not pay for themselves). */
export const TAPER_MIN_SPLITS = 8;
const TAPER_MIN_ROWS = 16;

/**
 * Sizes of the splits that replace the last two: halves, then quarters, eighths and sixteenths of
 * `rowsPerSplit`, two of each, then sixteenths to the end. Workers pull splits in order, so the
 * last ones they take are small and a worker that runs out of work waits at most a sixteenth of a
 * split for the others (guided self-scheduling), while every earlier split keeps its full size
 * (one commit per `rowsPerSplit` rows). A tail of 2P rows becomes 10 splits instead of 2.
 */
export function taperedSizes(rowsPerSplit: number, tailRows: number): number[] {
  const smallest = Math.max(1, Math.ceil(rowsPerSplit / 16));
  const sizes: number[] = [];
  let left = tailRows;
  for (let divisor = 2; left > 0; divisor = Math.min(16, divisor * 2)) {
    const size = Math.max(smallest, Math.ceil(rowsPerSplit / divisor));
    for (let k = 0; k < 2 && left > 0; k++) {
      sizes.push(Math.min(size, left));
      left -= Math.min(size, left);
    }
  }
  return sizes;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** JSONL columns are the keys of this many first rows (as before splits). */
const COLUMN_SAMPLE_ROWS = 100;

export function bomLength(head: Uint8Array): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR && b !== NL) return false;
  }
  return true;
}

const decoder = new TextDecoder('utf-8');

/** A JSONL line as an object; a bad one is named by its number only (the parser would quote it). */
export function parseJsonlLine(text: string, label: string, where: string): TabularRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidParameterError(`dataset ${label}: ${where} is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(`dataset ${label}: ${where} is not a JSON object`);
  }
  return value as TabularRow;
}

/**
 * The fields of one CSV record (RFC 4180, as `parseCsv`): the record's bytes without its line end.
 */
export function parseCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Calls `onRecord(start, end, bytes)` for each record of the text (end excludes the line end). */
type RecordSink = (bytes: Uint8Array, start: number, end: number, fileOffset: number) => void;

/**
 * Streams the source from `from` and hands every record's bytes to `sink`, in order. JSONL
 * records are lines; CSV records end at a CR, LF or CRLF outside quotes. `stop()` returning true
 * ends the stream early (e.g. after the header). Memory: one chunk plus the record in progress.
 */
async function streamRecords(
  source: TabularSource,
  format: 'jsonl' | 'csv',
  from: number,
  to: number,
  chunkBytes: number,
  sink: RecordSink,
  stop: () => boolean = () => false,
): Promise<void> {
  let carry: Uint8Array = new Uint8Array(0);
  let carryOffset = from;
  // CSV state carried across chunks: inside quotes, at a field's first byte, and where the scan of
  // the carried record stopped (a record is never rescanned from its start).
  let quoted = false;
  let fieldStart = true;
  let scanned = 0;
  for (let position = from; position < to && !stop(); ) {
    const chunk = await source.read(position, Math.min(chunkBytes, to - position));
    if (chunk.length === 0) break;
    position += chunk.length;
    const eof = position >= to;
    const buf = carry.length === 0 ? chunk : concat(carry, chunk);
    const base = carryOffset;
    let start = 0;
    if (format === 'jsonl') {
      let nl = buf.indexOf(NL, scanned);
      while (nl >= 0) {
        sink(buf, start, nl > start && buf[nl - 1] === CR ? nl - 1 : nl, base + start);
        if (stop()) return;
        start = nl + 1;
        nl = buf.indexOf(NL, start);
      }
      scanned = buf.length - start;
    } else {
      let i = start + scanned;
      for (; i < buf.length; i++) {
        const b = buf[i];
        if (quoted) {
          if (b === QUOTE) {
            // A doubled quote needs the next byte: wait for it unless the file ends here.
            if (i + 1 >= buf.length && !eof) break;
            if (buf[i + 1] === QUOTE) i++;
            else quoted = false;
          }
        } else if (b === QUOTE && fieldStart) {
          quoted = true;
          fieldStart = false;
        } else if (b === COMMA) fieldStart = true;
        else if (b === NL || b === CR) {
          if (b === CR && i + 1 >= buf.length && !eof) break; // CRLF split across chunks
          sink(buf, start, i, base + start);
          if (stop()) return;
          if (b === CR && buf[i + 1] === NL) i++;
          start = i + 1;
          fieldStart = true;
        } else fieldStart = false;
      }
      scanned = i - start;
    }
    // A copy, so the chunk's memory can go (a subarray would pin it).
    carry = buf.slice(start);
    carryOffset = base + start;
  }
  if (stop()) return;
  if (format === 'csv' && quoted) throw new QuotedFieldNotTerminated();
  if (carry.length > 0) sink(carry, 0, carry.length, carryOffset);
}

class QuotedFieldNotTerminated extends Error {}

export function tooManySplits(max: number): InvalidParameterError {
  return new InvalidParameterError(`more than ${max} partitions: raise partitionSize`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Where the CSV header ends (the first data record may start there) and its fields. */
async function csvHeader(source: TabularSource, start: number, chunkBytes: number) {
  let header: string[] | null = null;
  let end = start;
  await wrapCsv(source, () =>
    streamRecords(
      source,
      'csv',
      start,
      source.size,
      // Small reads: every worker reads the header again for its split.
      Math.min(chunkBytes, 64 * 1024),
      (bytes, s, e, offset) => {
        if (isBlank(bytes, s, e)) return;
        header = parseCsvRecord(decoder.decode(bytes.subarray(s, e)));
        end = offset + (e - s);
      },
      () => header !== null,
    ),
  );
  return { header: header as string[] | null, end };
}

async function wrapCsv<T>(source: TabularSource, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof QuotedFieldNotTerminated) {
      throw new InvalidParameterError(`dataset ${source.label}: a quoted field is not terminated`);
    }
    throw error;
  }
}

/**
 * Row count, columns and splits of a JSONL or CSV dataset, from one streamed pass. With
 * `validate`, every record is parsed (JSON object / as many fields as the header).
 */
export async function scanTextDataset(
  source: TabularSource,
  format: 'jsonl' | 'csv',
  options: TextScanOptions = {},
): Promise<TextScan> {
  const rowsPerSplit = options.rowsPerSplit ?? Number.POSITIVE_INFINITY;
  const maxSplitBytes = options.maxSplitBytes ?? Number.POSITIVE_INFINITY;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK;
  const maxSplits = options.maxSplits ?? Number.POSITIVE_INFINITY;
  const start = bomLength(await source.read(0, 3));
  const columns = new Set<string>();
  let dataStart = start;
  let header: string[] | null = null;
  if (format === 'csv') {
    const found = await csvHeader(source, start, chunkBytes);
    if (found.header === null) return { rowCount: 0, columns: [], splits: [] };
    header = found.header;
    for (const name of header) columns.add(name);
    dataStart = found.end;
  }
  const splits: TextSplit[] = [];
  let current: TextSplit | null = null;
  let rows = 0;
  let line = 0;
  const sink: RecordSink = (bytes, s, e, offset) => {
    line++;
    if (isBlank(bytes, s, e)) return;
    if (format === 'jsonl' && (options.validate || rows < COLUMN_SAMPLE_ROWS)) {
      const row = parseJsonlLine(decoder.decode(bytes.subarray(s, e)), source.label, `line ${line}`);
      if (rows < COLUMN_SAMPLE_ROWS) for (const key of Object.keys(row)) columns.add(key);
    } else if (format === 'csv' && options.validate) {
      const fields = parseCsvRecord(decoder.decode(bytes.subarray(s, e))).length;
      if (fields !== header!.length) {
        throw new InvalidParameterError(
          `dataset ${source.label}: record ${rows + 1} has ${fields} fields, the header has ${header!.length}`,
        );
      }
    }
    if (current && (current.endRow - current.startRow >= rowsPerSplit || offset - current.startByte >= maxSplitBytes)) {
      current.endByte = offset;
      current = null;
    }
    if (!current) {
      if (splits.length >= maxSplits) throw tooManySplits(maxSplits);
      current = { startRow: rows, endRow: rows, startByte: offset, endByte: source.size };
      splits.push(current);
    }
    rows++;
    current.endRow = rows;
  };
  await wrapCsv(source, () => streamRecords(source, format, dataStart, source.size, chunkBytes, sink));
  if (
    options.taperTail &&
    splits.length >= TAPER_MIN_SPLITS &&
    rowsPerSplit >= TAPER_MIN_ROWS &&
    Number.isFinite(rowsPerSplit)
  ) {
    const last = splits.splice(splits.length - 2);
    const tail = await taperTail(source, format, last, rowsPerSplit, chunkBytes);
    // The plan stays within its limit: past it, the equal splits are kept.
    splits.push(...(splits.length + tail.length <= maxSplits ? tail : last));
  }
  return { rowCount: rows, columns: [...columns], splits };
}

/**
 * The last splits cut again by `taperedSizes`, from a second streamed pass over their bytes only
 * (records start where the first pass found them, so a split still starts on a record and
 * `row_index` is unchanged). A byte cap that cut a split is kept: a tapered split never holds more
 * bytes than the split it comes from.
 */
async function taperTail(
  source: TabularSource,
  format: 'jsonl' | 'csv',
  last: TextSplit[],
  rowsPerSplit: number,
  chunkBytes: number,
): Promise<TextSplit[]> {
  const tailEnd = last[last.length - 1].endByte;
  const tailRows = last[last.length - 1].endRow - last[0].startRow;
  const sizes = taperedSizes(rowsPerSplit, tailRows);
  // Where the first pass ended a split (a byte cap): a tapered split ends there too.
  const cuts = new Set(last.map((split) => split.startByte));
  const out: TextSplit[] = [];
  let current: TextSplit | null = null;
  let row = last[0].startRow;
  const sink: RecordSink = (bytes, s, e, offset) => {
    if (isBlank(bytes, s, e)) return;
    if (current && (current.endRow - current.startRow >= sizes[out.length - 1] || cuts.has(offset))) {
      current.endByte = offset;
      current = null;
    }
    if (!current) {
      current = { startRow: row, endRow: row, startByte: offset, endByte: tailEnd };
      out.push(current);
      // A byte cut adds a split: the sizes run on from where they were.
      if (out.length > sizes.length) sizes.push(sizes[sizes.length - 1]);
    }
    row++;
    current.endRow = row;
  };
  await wrapCsv(source, () => streamRecords(source, format, last[0].startByte, tailEnd, chunkBytes, sink));
  return out;
}

/**
 * The rows of one split: its bytes only (plus, for CSV, the header), parsed. `firstRow` is the
 * split's first row index, used to name a bad record.
 */
export async function readTextSplit(
  source: TabularSource,
  format: 'jsonl' | 'csv',
  split: Pick<TextSplit, 'startByte' | 'endByte' | 'startRow'>,
  chunkBytes = DEFAULT_CHUNK,
): Promise<TabularRow[]> {
  const { startByte, endByte } = split;
  // A task comes from the queue: its numbers are checked, not trusted.
  if (
    !Number.isSafeInteger(startByte) ||
    !Number.isSafeInteger(endByte) ||
    startByte < 0 ||
    endByte > source.size ||
    startByte > endByte
  ) {
    throw new InvalidParameterError(
      `dataset ${source.label} has ${source.size} bytes: [${split.startByte}, ${split.endByte}) is outside it (it changed since the job was planned)`,
    );
  }
  let header: string[] | null = null;
  if (format === 'csv') {
    const found = await csvHeader(source, bomLength(await source.read(0, 3)), chunkBytes);
    header = found.header;
    if (header === null || split.startByte < found.end) {
      throw new InvalidParameterError(`dataset ${source.label}: the split does not start after the CSV header`);
    }
  }
  const rows: TabularRow[] = [];
  const sink: RecordSink = (bytes, s, e) => {
    if (isBlank(bytes, s, e)) return;
    const text = decoder.decode(bytes.subarray(s, e));
    const record = split.startRow + rows.length + 1;
    if (format === 'jsonl') {
      rows.push(parseJsonlLine(text, source.label, `record ${record}`));
      return;
    }
    const values = parseCsvRecord(text);
    if (values.length !== header!.length) {
      throw new InvalidParameterError(
        `dataset ${source.label}: record ${record} has ${values.length} fields, the header has ${header!.length}`,
      );
    }
    rows.push(Object.fromEntries(header!.map((name, i) => [name, values[i]])));
  };
  await wrapCsv(source, () => streamRecords(source, format, split.startByte, split.endByte, chunkBytes, sink));
  return rows;
}
