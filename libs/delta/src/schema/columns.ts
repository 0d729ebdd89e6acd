import { InvalidParameterError } from '@llmops/contract';

/** The column types this library writes. Each maps to one Spark type and one Parquet type. */
export type DeltaColumnType = 'string' | 'long' | 'double' | 'timestamp' | 'boolean';

export const DELTA_COLUMN_TYPES: readonly DeltaColumnType[] = ['string', 'long', 'double', 'timestamp', 'boolean'];

export interface DeltaColumn {
  name: string;
  type: DeltaColumnType;
  /** Default true. A non-nullable column is REQUIRED in Parquet and a null value is rejected on write. */
  nullable?: boolean;
}

/**
 * One value of a row. On write: string; long as number (safe integer) or bigint; double as number;
 * timestamp as Date, ISO string or epoch milliseconds; boolean. On read: long comes back as a number
 * when it is a safe integer (bigint otherwise) and timestamp as a Date.
 */
export type DeltaValue = string | number | bigint | boolean | Date | null;
export type DeltaRow = Record<string, DeltaValue | undefined>;

/** Spark's StructType JSON, the format of `metaData.schemaString`. */
export interface SparkStructField {
  name: string;
  type: string | Record<string, unknown>;
  nullable: boolean;
  metadata: Record<string, unknown>;
}
export interface SparkStructType {
  type: 'struct';
  fields: SparkStructField[];
}

export function isNullable(column: DeltaColumn): boolean {
  return column.nullable !== false;
}

/** Validates a column list: names non-empty and unique regardless of case (the protocol's rule). */
export function validateColumns(columns: readonly DeltaColumn[], partitionColumns: readonly string[] = []): void {
  if (columns.length === 0) throw new InvalidParameterError('a Delta table needs at least one column');
  const seen = new Set<string>();
  for (const column of columns) {
    if (!column.name || typeof column.name !== 'string') {
      throw new InvalidParameterError('every column needs a non-empty name');
    }
    if (!DELTA_COLUMN_TYPES.includes(column.type)) {
      throw new InvalidParameterError(
        `column ${column.name} has unsupported type ${String(column.type)} (supported: ${DELTA_COLUMN_TYPES.join(', ')})`,
      );
    }
    const key = column.name.toLowerCase();
    if (seen.has(key))
      throw new InvalidParameterError(`duplicate column name ${column.name} (names are case-insensitive)`);
    seen.add(key);
  }
  for (const name of partitionColumns) {
    if (!columns.some((c) => c.name === name)) {
      throw new InvalidParameterError(`partition column ${name} is not a column of the schema`);
    }
  }
  if (partitionColumns.length >= columns.length) {
    throw new InvalidParameterError('a table needs at least one column that is not a partition column');
  }
}

export function toSparkSchema(columns: readonly DeltaColumn[]): SparkStructType {
  return {
    type: 'struct',
    fields: columns.map((c) => ({ name: c.name, type: c.type, nullable: isNullable(c), metadata: {} })),
  };
}

export function toSchemaString(columns: readonly DeltaColumn[]): string {
  return JSON.stringify(toSparkSchema(columns));
}

/**
 * Parses `metaData.schemaString` back into columns. Types outside the five this library writes
 * (int, float, nested types...) are refused with a clear error rather than read approximately.
 */
export function parseSchemaString(schemaString: string): DeltaColumn[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaString);
  } catch (cause) {
    throw new InvalidParameterError('metaData.schemaString is not valid JSON', { cause });
  }
  const struct = parsed as Partial<SparkStructType>;
  if (struct?.type !== 'struct' || !Array.isArray(struct.fields)) {
    throw new InvalidParameterError('metaData.schemaString is not a Spark StructType');
  }
  return struct.fields.map((field) => {
    const type = typeof field.type === 'string' ? SPARK_TO_COLUMN_TYPE[field.type] : undefined;
    if (!type) {
      throw new InvalidParameterError(
        `column ${field.name} has Spark type ${JSON.stringify(field.type)}, which this library does not read`,
      );
    }
    return { name: field.name, type, nullable: field.nullable !== false };
  });
}

const SPARK_TO_COLUMN_TYPE: Record<string, DeltaColumnType | undefined> = {
  string: 'string',
  long: 'long',
  double: 'double',
  timestamp: 'timestamp',
  boolean: 'boolean',
};
