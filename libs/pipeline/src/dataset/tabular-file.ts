import type { FileHandle } from 'node:fs/promises';
import * as vm from 'node:vm';
import { DatasetFormat, InvalidParameterError } from '@llmops/contract';
import { bomLength, isBlank, readTextSplit, scanTextDataset, tooManySplits } from './text-splits';

/*
 * Reading JSONL, CSV and Parquet datasets by row range: the batch orchestrator plans partitions
 * with it and the inference replicas' batch workers read their partitions with it. Readers take an
 * already opened source (see `DataLocations.openDataset`: opened under a data root, race-safe),
 * never a path. Error messages name the dataset and a line or record number, never its content:
 * a file's first line may be a secret.
 */

export type TabularRow = Record<string, unknown>;

/** An opened dataset: its bytes by position, a name for messages and a key for caching. */
export interface TabularSource {
  /** How errors name it (the dataset's name); never read from the file. */
  label: string;
  size: number;
  /** Changes when the content may have changed (device, inode, size, mtime). */
  key: string;
  read(position: number, length: number): Promise<Uint8Array>;
}

/** A source over an open file descriptor (the caller keeps it open while reading and closes it). */
export function fileHandleSource(
  handle: FileHandle,
  info: { label: string; size: number; key: string },
): TabularSource {
  return {
    ...info,
    async read(position, length) {
      // Unsafe is fine: only the bytes read are handed out.
      const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, info.size - position)));
      let done = 0;
      while (done < buffer.length) {
        const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.subarray(0, done);
    },
  };
}

interface ParquetSchemaElement {
  name: string;
  type?: string;
  converted_type?: string;
  logical_type?: { type?: string };
}

interface AsyncBuffer {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

interface HyparquetModule {
  parquetReadObjects(options: {
    file: AsyncBuffer;
    rowStart?: number;
    rowEnd?: number;
    utf8?: boolean;
  }): Promise<TabularRow[]>;
  parquetMetadataAsync(file: AsyncBuffer): Promise<{
    num_rows: bigint;
    schema: ParquetSchemaElement[];
    row_groups: Array<{ num_rows: bigint }>;
  }>;
}

/**
 * hyparquet is ESM only: import it through Node's main-context loader where Node has one (Jest's
 * ESM registry breaks across suites), else a real dynamic import that survives the CommonJS build.
 */
function makeImporter(): (specifier: string) => Promise<unknown> {
  const mainLoader = (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: symbol } }).constants
    ?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (mainLoader) {
    const script = new vm.Script('(specifier) => import(specifier)', { importModuleDynamically: mainLoader as never });
    return script.runInThisContext() as (specifier: string) => Promise<unknown>;
  }
  return new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
}

const dynamicImport = makeImporter();

/**
 * hyparquet tells a pending slice from a ready one with `instanceof Promise`: under Jest our
 * promises come from another realm than the library's, so slices are handed over as promises of
 * the main context's Promise (the same constructor outside Jest).
 */
const MainPromise = new vm.Script('Promise').runInThisContext() as PromiseConstructor;
let hyparquet: Promise<HyparquetModule> | undefined;

/** Parquet is read by byte ranges (footer, then the row groups needed), never as a whole. */
function asyncBufferOf(source: TabularSource): AsyncBuffer {
  return {
    byteLength: source.size,
    slice(start, end) {
      const read = source
        .read(start, (end ?? source.size) - start)
        .then((bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      return MainPromise.resolve(read);
    },
  };
}

/** Runs a Parquet read; any failure of the reader is a plain "not readable" (its messages may quote bytes). */
async function withParquet<T>(source: TabularSource, read: (lib: HyparquetModule, file: AsyncBuffer) => Promise<T>) {
  hyparquet ??= dynamicImport('hyparquet') as Promise<HyparquetModule>;
  const lib = await hyparquet;
  try {
    return await read(lib, asyncBufferOf(source));
  } catch (cause) {
    throw new InvalidParameterError(`dataset ${source.label} is not a readable Parquet file`, { cause });
  }
}

const isTextAnnotated = (e: ParquetSchemaElement) =>
  ['UTF8', 'JSON', 'ENUM'].includes(e.converted_type ?? '') ||
  ['STRING', 'JSON', 'ENUM', 'UUID'].includes(e.logical_type?.type ?? '');

export interface TabularShape {
  rowCount: number;
  /** Columns seen in the file (JSONL: keys of the first rows; CSV: header; Parquet: schema). */
  columns: string[];
  /** Parquet byte-array columns without a text annotation: raw bytes, never copied as text. */
  binaryColumns: string[];
}

/** Row count and columns: Parquet from its footer, text formats by parsing every record (streamed). */
export async function tabularShape(source: TabularSource, format: DatasetFormat): Promise<TabularShape> {
  return (await planSplits(source, format, { validate: true })).shape;
}

/**
 * A partition of a dataset: rows [startRow, endRow) and, for JSONL and CSV, the bytes
 * [startByte, endByte) that hold exactly those rows (null for Parquet, read by row groups).
 */
export interface DatasetSplit {
  startRow: number;
  endRow: number;
  startByte: number | null;
  endByte: number | null;
}

/** What a plan knows of a dataset before its pass: enough to size its splits. */
export interface DatasetSample {
  sizeBytes: number;
  /** Parquet: the file's bytes over its rows (footer); JSONL/CSV: estimated from the first MiB. */
  bytesPerRow: number;
}

/** Rows per split, or how to choose them from the dataset's sample (then `planSplits` reports it). */
export type SplitSizing = number | ((sample: DatasetSample) => number);

export interface SplitPlanOptions {
  /** Rows per split (default: one split), or a rule that picks them from the dataset's sample. */
  rowsPerSplit?: SplitSizing;
  /** JSONL/CSV: a split is also cut once it holds this many bytes (bounds a worker's memory). */
  maxSplitBytes?: number;
  /** JSONL/CSV: parse every record, refusing a bad one (else only the first rows, for columns). */
  validate?: boolean;
  /** Refuse a plan of more splits than this. */
  maxSplits?: number;
  /** JSONL/CSV: smaller splits at the end of a large plan (see `taperedSizes` in text-splits.ts). */
  taperTail?: boolean;
}

/**
 * The shape of a dataset and its splits, without ever holding it in memory: Parquet from its
 * footer (splits follow row groups: small groups are merged up to `rowsPerSplit` rows, a larger
 * group is cut in ranges of it), JSONL and CSV from one streamed pass (see `text-splits.ts`).
 */
export async function planSplits(
  source: TabularSource,
  format: DatasetFormat,
  options: SplitPlanOptions = {},
): Promise<{ shape: TabularShape; splits: DatasetSplit[]; rowsPerSplit: number }> {
  await checkContentMatchesFormat(source, format);
  const sizing = options.rowsPerSplit ?? Number.POSITIVE_INFINITY;
  if (format === 'parquet') {
    const metadata = await withParquet(source, (lib, file) => lib.parquetMetadataAsync(file));
    const rowCount = Number(metadata.num_rows);
    const rowsPerSplit =
      typeof sizing === 'number'
        ? sizing
        : sizing({ sizeBytes: source.size, bytesPerRow: source.size / Math.max(1, rowCount) });
    // schema[0] is the root; top-level columns follow (flat files only, which is what datasets are).
    const columns = metadata.schema.slice(1);
    const shape: TabularShape = {
      rowCount,
      columns: columns.map((e) => e.name),
      binaryColumns: columns
        .filter((e) => (e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY') && !isTextAnnotated(e))
        .map((e) => e.name),
    };
    const splits = parquetSplits(
      metadata.row_groups.map((g) => Number(g.num_rows)),
      rowsPerSplit,
    );
    if (options.maxSplits !== undefined && splits.length > options.maxSplits) throw tooManySplits(options.maxSplits);
    return { shape, splits, rowsPerSplit };
  }
  const rowsPerSplit =
    typeof sizing === 'number'
      ? sizing
      : sizing({ sizeBytes: source.size, bytesPerRow: await estimateTextBytesPerRow(source, format) });
  const scan = await scanTextDataset(source, format, {
    rowsPerSplit,
    maxSplitBytes: options.maxSplitBytes,
    validate: options.validate,
    maxSplits: options.maxSplits,
    taperTail: options.taperTail,
  });
  return {
    shape: { rowCount: scan.rowCount, columns: scan.columns, binaryColumns: [] },
    splits: scan.splits,
    rowsPerSplit,
  };
}

/** Bytes a JSONL/CSV estimate of row size reads (from the start of the file). */
export const ROW_SIZE_SAMPLE_BYTES = 1024 * 1024;

/**
 * Average bytes per record of a text dataset, from its first MiB: the lines there (a CSV's header
 * line not counted). An estimate for sizing splits, never for correctness: the pass that cuts them
 * counts every record (a CSV field's quoted newlines make it lower, never higher). A first record
 * longer than the sample gives the sample's size, a lower bound.
 */
export async function estimateTextBytesPerRow(source: TabularSource, format: 'jsonl' | 'csv'): Promise<number> {
  const head = await source.read(0, Math.min(source.size, ROW_SIZE_SAMPLE_BYTES));
  let start = bomLength(head);
  if (format === 'csv') {
    const headerEnd = head.indexOf(0x0a, start);
    if (headerEnd < 0) return Math.max(1, head.length);
    start = headerEnd + 1;
  }
  let lines = 0;
  let end = start;
  for (let i = head.indexOf(0x0a, start); i >= 0; i = head.indexOf(0x0a, i + 1)) {
    lines++;
    end = i + 1;
  }
  // The whole file was read: its last record may have no newline.
  if (head.length === source.size && end < head.length && !isBlank(head, end, head.length)) {
    lines++;
    end = head.length;
  }
  return lines === 0 ? Math.max(1, head.length - start) : (end - start) / lines;
}

/** Row ranges that follow row groups: groups merged up to `rowsPerSplit`, a larger group cut in pieces. */
export function parquetSplits(groupRows: number[], rowsPerSplit: number): DatasetSplit[] {
  const splits: DatasetSplit[] = [];
  const push = (startRow: number, endRow: number) => splits.push({ startRow, endRow, startByte: null, endByte: null });
  let start = 0;
  let end = 0;
  for (const rows of groupRows) {
    if (rows === 0) continue;
    if (end > start && end - start + rows > rowsPerSplit) {
      push(start, end);
      start = end;
    }
    if (rows > rowsPerSplit) {
      for (let s = end; s < end + rows; s += rowsPerSplit) push(s, Math.min(end + rows, s + rowsPerSplit));
      start = end + rows;
    }
    end += rows;
  }
  if (end > start) push(start, end);
  return splits;
}

/**
 * The rows of one split: for JSONL and CSV its bytes only (a split planned by `planSplits`), for
 * Parquet the row groups that hold its rows.
 */
export async function readSplit(
  source: TabularSource,
  format: DatasetFormat,
  split: DatasetSplit,
): Promise<TabularRow[]> {
  if (format === 'parquet' || split.startByte === null || split.endByte === null) {
    return readRowRange(source, format, split.startRow, split.endRow);
  }
  return readTextSplit(source, format, {
    startByte: split.startByte,
    endByte: split.endByte,
    startRow: split.startRow,
  });
}

const PARQUET_MAGIC = 'PAR1';

/**
 * Refuses a declared format the bytes contradict: Parquet starts and ends with `PAR1`, text
 * formats hold no NUL byte near the start. A wrong `datasetFormat` is named as such instead of
 * being parsed into garbage (whose error could quote the bytes).
 */
export async function checkContentMatchesFormat(source: TabularSource, format: DatasetFormat): Promise<void> {
  const head = await source.read(0, Math.min(source.size, 64 * 1024));
  const tail = source.size >= 8 ? await source.read(source.size - 4, 4) : new Uint8Array();
  const magic = (b: Uint8Array) => Buffer.from(b.subarray(0, 4)).toString('latin1') === PARQUET_MAGIC;
  const parquet = source.size >= 8 && magic(head) && magic(tail);
  if (format === 'parquet' && !parquet) {
    throw new InvalidParameterError(`dataset ${source.label} is not a Parquet file (its format is given as parquet)`);
  }
  if (format !== 'parquet') {
    if (parquet) throw new InvalidParameterError(`dataset ${source.label} is a Parquet file, not ${format}`);
    if (head.includes(0)) throw new InvalidParameterError(`dataset ${source.label} is binary, not ${format} text`);
  }
}

export function formatOf(path: string): DatasetFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  return null;
}

/** Rows [start, end) of the source. */
export async function readRowRange(
  source: TabularSource,
  format: DatasetFormat,
  start: number,
  end: number,
): Promise<TabularRow[]> {
  if (format === 'parquet') {
    // utf8 false: only text-annotated columns become strings; raw bytes stay bytes (never kept as text).
    return withParquet(source, (lib, file) =>
      lib.parquetReadObjects({ file, rowStart: start, rowEnd: end, utf8: false }),
    );
  }
  // No byte offsets (a task planned before splits): find them with one streamed pass, then read only those bytes.
  // Splits of the range's own size line up with it when it is one of a plan's equal partitions.
  const size = end - start;
  const rowsPerSplit = size > 0 && start % size === 0 ? size : 1;
  const { splits } = await scanTextDataset(source, format, { rowsPerSplit });
  const inRange = splits.slice(start / rowsPerSplit, end / rowsPerSplit + (end % rowsPerSplit === 0 ? 0 : 1));
  if (inRange.length === 0) return [];
  return readTextSplit(source, format, {
    startByte: inRange[0].startByte,
    endByte: inRange[inRange.length - 1].endByte,
    startRow: start,
  });
}

/** JSON Lines; a bad line is named by its number only (the parser's message would quote it). */
export function parseJsonl(text: string, source: string): TabularRow[] {
  const rows: TabularRow[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new InvalidParameterError(`dataset ${source}: line ${index + 1} is not valid JSON`, { cause });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidParameterError(`dataset ${source}: line ${index + 1} is not a JSON object`);
    }
    rows.push(value as TabularRow);
  });
  return rows;
}

/** RFC 4180 CSV with a header line: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string, source: string): TabularRow[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
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
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (quoted) throw new InvalidParameterError(`dataset ${source}: a quoted field is not terminated`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  if (records.length === 0) return [];
  const [header, ...body] = records;
  return body.map((values, index) => {
    if (values.length !== header.length) {
      throw new InvalidParameterError(
        `dataset ${source}: record ${index + 1} has ${values.length} fields, the header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((name, i) => [name, values[i]]));
  });
}
