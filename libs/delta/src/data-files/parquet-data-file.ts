import { FileStats } from '../log/actions';
import { parquetReader, parquetWriter, ParquetSchemaElement, toArrayBuffer } from '../parquet/parquet-modules';
import { DeltaColumn, DeltaRow, isNullable } from '../schema/columns';
import { fromParquetValue, NormalizedValue } from './values';

/** Longest string prefix kept in min stats; longer max values are left out (a prefix is no upper bound). */
const STRING_STATS_PREFIX = 32;

/** The Parquet schema element of a column (protocol: "Delta Data Type to Parquet Type Mappings"). */
export function parquetElementFor(column: DeltaColumn): ParquetSchemaElement {
  const repetition_type = isNullable(column) ? 'OPTIONAL' : 'REQUIRED';
  switch (column.type) {
    case 'string':
      return {
        name: column.name,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
        repetition_type,
      };
    case 'long':
      return { name: column.name, type: 'INT64', repetition_type };
    case 'double':
      return { name: column.name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name: column.name, type: 'BOOLEAN', repetition_type };
    case 'timestamp':
      return {
        name: column.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
        repetition_type,
      };
  }
}

export function parquetSchemaFor(columns: readonly DeltaColumn[]): ParquetSchemaElement[] {
  return [{ name: 'spark_schema', num_children: columns.length }, ...columns.map(parquetElementFor)];
}

/**
 * Timestamps go to the writer as INT64 microseconds, not Dates: the writer's `instanceof Date`
 * does not hold for a Date made in another realm (a Jest sandbox), which would be misread.
 */
function toParquetValue(column: DeltaColumn, value: NormalizedValue): NormalizedValue {
  if (column.type === 'timestamp' && value instanceof Date) return BigInt(value.getTime()) * 1000n;
  return value;
}

/** Encodes normalized rows (only the data columns: partition columns live in the log) as Parquet. */
export async function encodeParquetDataFile(
  columns: readonly DeltaColumn[],
  rows: readonly Record<string, NormalizedValue>[],
  createdBy: string,
): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await parquetWriter();
  const buffer = parquetWriteBuffer({
    schema: parquetSchemaFor(columns),
    columnData: columns.map((c) => ({
      name: c.name,
      data: rows.map((r) => toParquetValue(c, r[c.name] ?? null)),
    })),
    codec: 'SNAPPY',
    rowGroupSize: 100_000,
    createdBy,
  });
  return new Uint8Array(buffer);
}

/** Decodes a data file into rows of the given data columns (absent columns read as null). */
export async function decodeParquetDataFile(columns: readonly DeltaColumn[], bytes: Uint8Array): Promise<DeltaRow[]> {
  const { parquetReadObjects, parquetMetadata } = await parquetReader();
  const file = toArrayBuffer(bytes);
  const present = new Set(parquetMetadata(file).schema.map((e) => e.name));
  const wanted = columns.filter((c) => present.has(c.name));
  const records = wanted.length > 0 ? await parquetReadObjects({ file, columns: wanted.map((c) => c.name) }) : [];
  return records.map((record) => {
    const row: DeltaRow = {};
    for (const column of columns) row[column.name] = fromParquetValue(column, record[column.name]);
    return row;
  });
}

/**
 * UTF-8 byte order (what Parquet and Spark use) is code point order, not JS's UTF-16 order. Compares
 * code units up to the first difference (native `===` first: a text column often repeats values),
 * then orders that difference by code point: a surrogate (a code point above U+FFFF) sorts after
 * U+E000..U+FFFF, the one range where UTF-16 and code point order disagree. The string iterator
 * this replaces made `computeStats` the largest cost of writing a data file.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === length) return a.length - b.length;
  return codePointRank(a.charCodeAt(i)) - codePointRank(b.charCodeAt(i));
}

/** A code unit's place in code point order: surrogates moved above U+FFFF, U+E000..U+FFFF below them. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** Per-file statistics for `add.stats`: row count, null counts, and min/max where they are exact bounds. */
export function computeStats(
  columns: readonly DeltaColumn[],
  rows: readonly Record<string, NormalizedValue>[],
): FileStats {
  const stats: FileStats = { numRecords: rows.length, minValues: {}, maxValues: {}, nullCount: {} };
  for (const column of columns) {
    let nulls = 0;
    const values: NormalizedValue[] = [];
    for (const row of rows) {
      const v = row[column.name];
      if (v === null || v === undefined) nulls++;
      else values.push(v);
    }
    stats.nullCount[column.name] = nulls;
    if (values.length === 0 || column.type === 'boolean') continue;
    if (column.type === 'string') {
      let min = values[0] as string;
      let max = min;
      for (const v of values as string[]) {
        if (compareCodePoints(v, min) < 0) min = v;
        if (compareCodePoints(v, max) > 0) max = v;
      }
      stats.minValues[column.name] = Array.from(min).slice(0, STRING_STATS_PREFIX).join('');
      if (Array.from(max).length <= STRING_STATS_PREFIX) stats.maxValues[column.name] = max;
    } else if (column.type === 'timestamp') {
      const times = (values as Date[]).map((d) => d.getTime());
      stats.minValues[column.name] = new Date(times.reduce((a, b) => Math.min(a, b))).toISOString();
      stats.maxValues[column.name] = new Date(times.reduce((a, b) => Math.max(a, b))).toISOString();
    } else if (column.type === 'long') {
      let min = values[0] as bigint;
      let max = min;
      for (const v of values as bigint[]) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      // JSON numbers beyond 2^53 would be rounded, and a rounded bound may be wrong: leave them out.
      const safe = (v: bigint) => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
      if (safe(min)) stats.minValues[column.name] = Number(min);
      if (safe(max)) stats.maxValues[column.name] = Number(max);
    } else {
      const nums = values as number[];
      // JSON has no NaN/Infinity: leave bounds out rather than write wrong ones.
      if (nums.every((n) => Number.isFinite(n))) {
        stats.minValues[column.name] = nums.reduce((a, b) => Math.min(a, b));
        stats.maxValues[column.name] = nums.reduce((a, b) => Math.max(a, b));
      }
    }
  }
  return stats;
}
