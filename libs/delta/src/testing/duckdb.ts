import { DuckDBInstance } from '@duckdb/node-api';

/**
 * DuckDB as the independent Parquet reader in tests: if DuckDB's `read_parquet` reads a file
 * with the expected schema and row count, the file is valid Parquet outside our own reader.
 */
export async function duckdbQuery(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * `DESCRIBE` of a Parquet file as column name -> DuckDB type: the file's own columns only
 * (DuckDB would otherwise add columns parsed from `key=value` folder names).
 */
export async function duckdbParquetSchema(file: string): Promise<Record<string, string>> {
  const rows = await duckdbQuery(
    `DESCRIBE SELECT * FROM read_parquet('${file.replace(/'/g, "''")}', hive_partitioning = false)`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}

export async function duckdbRowCount(file: string): Promise<number> {
  const rows = await duckdbQuery(
    `SELECT count(*) AS n FROM read_parquet('${file.replace(/'/g, "''")}', hive_partitioning = false)`,
  );
  return Number(rows[0].n);
}
