import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import { DatasetFormat, InvalidParameterError } from '@llmops/contract';

/*
 * Reading JSONL, CSV and Parquet datasets by row range: the batch orchestrator plans partitions
 * with it and the inference replicas' batch workers read their partitions with it.
 */

export type TabularRow = Record<string, unknown>;

interface HyparquetModule {
  parquetReadObjects(options: { file: ArrayBuffer; rowStart?: number; rowEnd?: number }): Promise<TabularRow[]>;
  parquetMetadata(file: ArrayBuffer): { num_rows: bigint; schema: Array<{ name: string }> };
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
let hyparquet: Promise<HyparquetModule> | undefined;

async function loadParquet(path: string): Promise<{ lib: HyparquetModule; file: ArrayBuffer }> {
  hyparquet ??= dynamicImport('hyparquet') as Promise<HyparquetModule>;
  const buffer = await readFile(path);
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  return { lib: await hyparquet, file };
}

/** Row count and column names of a Parquet file, from its footer. */
export async function parquetShape(path: string): Promise<{ rowCount: number; columns: string[] }> {
  const { lib, file } = await loadParquet(path);
  const metadata = lib.parquetMetadata(file);
  // schema[0] is the root; top-level columns follow (flat files only, which is what datasets are).
  return { rowCount: Number(metadata.num_rows), columns: metadata.schema.slice(1).map((e) => e.name) };
}

/** A local path from a plain path or a `file://` URI. */
export function datasetPath(uri: string): string {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(uri)) {
    throw new InvalidParameterError(`dataset URI ${uri}: only local files (path or file://) are supported`);
  }
  return uri;
}

export function formatOf(path: string): DatasetFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  return null;
}

/** Every row of the file, in file order. */
export async function readAllRows(path: string, format: DatasetFormat): Promise<TabularRow[]> {
  if (format === 'parquet') {
    const { lib, file } = await loadParquet(path);
    return lib.parquetReadObjects({ file });
  }
  const text = await readFile(path, 'utf8');
  return format === 'jsonl' ? parseJsonl(text, path) : parseCsv(text, path);
}

/** Rows [start, end) of the file. */
export async function readRowRange(
  path: string,
  format: DatasetFormat,
  start: number,
  end: number,
): Promise<TabularRow[]> {
  if (format === 'parquet') {
    const { lib, file } = await loadParquet(path);
    return lib.parquetReadObjects({ file, rowStart: start, rowEnd: end });
  }
  return (await cachedRows(path, format)).slice(start, end);
}

/**
 * Text formats have no row index: a worker would parse the whole file for each partition. The last
 * file read is kept (keyed by its size and mtime, so a changed file is read again).
 */
let lastFile: { key: string; rows: Promise<TabularRow[]> } | undefined;

async function cachedRows(path: string, format: DatasetFormat): Promise<TabularRow[]> {
  const info = await stat(path);
  const key = `${format}:${path}:${info.size}:${info.mtimeMs}`;
  if (lastFile?.key !== key) {
    const rows = readAllRows(path, format);
    lastFile = { key, rows };
    rows.catch(() => {
      if (lastFile?.rows === rows) lastFile = undefined;
    });
  }
  return lastFile.rows;
}

export function parseJsonl(text: string, source: string): TabularRow[] {
  const rows: TabularRow[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidParameterError(`${source}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidParameterError(`${source}:${index + 1}: expected a JSON object`);
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
  if (quoted) throw new InvalidParameterError(`${source}: unterminated quoted field`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  if (records.length === 0) return [];
  const [header, ...body] = records;
  return body.map((values, index) => {
    if (values.length !== header.length) {
      throw new InvalidParameterError(
        `${source}: record ${index + 1} has ${values.length} fields, the header has ${header.length}`,
      );
    }
    return Object.fromEntries(header.map((name, i) => [name, values[i]]));
  });
}
