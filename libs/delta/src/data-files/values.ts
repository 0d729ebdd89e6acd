import { InvalidParameterError } from '@llmops/contract';
import { DeltaColumn, DeltaRow, DeltaValue, isNullable } from '../schema/columns';

/** A Date from any realm (`instanceof Date` fails across vm contexts). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A value ready for the Parquet writer: long as bigint, timestamp as Date. */
export type NormalizedValue = string | number | bigint | boolean | Date | null;

/** Checks one value against its column and converts it to the form the Parquet writer takes. */
export function normalizeValue(column: DeltaColumn, value: DeltaValue | undefined, rowIndex: number): NormalizedValue {
  const where = () => `row ${rowIndex}, column ${column.name} (${column.type})`;
  if (value === null || value === undefined) {
    if (!isNullable(column)) throw new InvalidParameterError(`${where()}: null in a non-nullable column`);
    return null;
  }
  switch (column.type) {
    case 'string':
      if (typeof value !== 'string') throw new InvalidParameterError(`${where()}: expected a string`);
      return value;
    case 'long':
      if (typeof value === 'bigint') {
        if (value < -(2n ** 63n) || value >= 2n ** 63n) throw new InvalidParameterError(`${where()}: out of range`);
        return value;
      }
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      throw new InvalidParameterError(`${where()}: expected a safe integer or a bigint`);
    case 'double':
      if (typeof value !== 'number') throw new InvalidParameterError(`${where()}: expected a number`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new InvalidParameterError(`${where()}: expected a boolean`);
      return value;
    case 'timestamp': {
      const date = isDate(value)
        ? new Date(value.getTime())
        : typeof value === 'string' || typeof value === 'number'
          ? new Date(value)
          : undefined;
      if (!date || Number.isNaN(date.getTime())) {
        throw new InvalidParameterError(`${where()}: expected a Date, an ISO string or epoch milliseconds`);
      }
      return date;
    }
  }
}

/** Rejects columns a row has that the table does not (Delta refuses writes that change the schema). */
export function checkRowColumns(columns: readonly DeltaColumn[], row: DeltaRow, rowIndex: number): void {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new InvalidParameterError(`row ${rowIndex} is not an object`);
  }
  for (const key of Object.keys(row)) {
    if (!columns.some((c) => c.name === key)) {
      throw new InvalidParameterError(`row ${rowIndex} has column ${key}, which is not in the table schema`);
    }
  }
}

/**
 * The string form of a partition value (protocol "Partition Value Serialization"); null stays
 * null. Timestamps use the ISO 8601 UTC form the protocol recommends.
 */
export function serializePartitionValue(column: DeltaColumn, value: NormalizedValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // The protocol reads an empty partition value as null, so '' cannot round-trip as a string.
  if (text === '') throw new InvalidParameterError(`partition column ${column.name} cannot hold an empty string`);
  return text;
}

/** Parses a partition value from `add.partitionValues` back into the column's type. */
export function parsePartitionValue(column: DeltaColumn, text: string | null | undefined): DeltaValue {
  if (text === null || text === undefined || text === '') return null;
  switch (column.type) {
    case 'string':
      return text;
    case 'long': {
      const big = BigInt(text);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'double':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp': {
      // Either ISO 8601 or "yyyy-MM-dd HH:mm:ss[.ffffff]" (read as UTC).
      const iso = text.includes('T') ? text : `${text.replace(' ', 'T')}Z`;
      return new Date(iso);
    }
  }
}

/** A value read from Parquet, in the public row form: long as number when safe. */
export function fromParquetValue(column: DeltaColumn, value: unknown): DeltaValue {
  if (value === null || value === undefined) return null;
  if (column.type === 'long' && typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (column.type === 'timestamp') {
    if (typeof value === 'bigint') return new Date(Number(value / 1000n));
    // hyparquet's Dates may come from another realm (its module runs in Node's main context).
    if (isDate(value)) return new Date(value.getTime());
  }
  return value as DeltaValue;
}
