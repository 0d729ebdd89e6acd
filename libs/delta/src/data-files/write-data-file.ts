import { InvalidParameterError } from '@llmops/contract';
import { AddAction } from '../log/actions';
import { DeltaColumn, DeltaRow, DeltaValue } from '../schema/columns';
import { TableStorage } from '../storage/table-storage';
import { computeStats, encodeParquetDataFile } from './parquet-data-file';
import { newDataFilePath, partitionDirectory, toAddPath } from './paths';
import { checkRowColumns, normalizeValue, NormalizedValue, serializePartitionValue } from './values';

export interface TableLayout {
  columns: readonly DeltaColumn[];
  partitionColumns: readonly string[];
}

export interface RowGroupForFile {
  partitionValues: Record<string, string | null>;
  rows: Record<string, NormalizedValue>[];
}

function partitionKey(layout: TableLayout, values: Record<string, string | null>): string {
  return JSON.stringify(layout.partitionColumns.map((c) => values[c] ?? null));
}

/** Validates and normalizes rows, then groups them by partition values (one data file per group). */
export function groupRowsByPartition(layout: TableLayout, rows: readonly DeltaRow[]): RowGroupForFile[] {
  const groups = new Map<string, RowGroupForFile>();
  rows.forEach((row, index) => {
    checkRowColumns(layout.columns, row, index);
    const normalized: Record<string, NormalizedValue> = {};
    for (const column of layout.columns) normalized[column.name] = normalizeValue(column, row[column.name], index);
    const partitionValues: Record<string, string | null> = {};
    for (const name of layout.partitionColumns) {
      const column = layout.columns.find((c) => c.name === name) as DeltaColumn;
      partitionValues[name] = serializePartitionValue(column, normalized[name]);
    }
    const key = partitionKey(layout, partitionValues);
    const group = groups.get(key) ?? { partitionValues, rows: [] };
    group.rows.push(normalized);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/**
 * Resolves the partition values of a file: given explicitly (typed or already serialized) and/or
 * taken from the rows; every row must agree with them.
 */
export function resolveFilePartition(
  layout: TableLayout,
  rows: readonly DeltaRow[],
  given: Record<string, DeltaValue> | undefined,
): RowGroupForFile {
  const withPartitions = rows.map((row) => {
    if (!given) return row;
    const filled: DeltaRow = { ...row };
    for (const name of layout.partitionColumns) if (!(name in filled)) filled[name] = given[name];
    return filled;
  });
  if (given) {
    for (const key of Object.keys(given)) {
      if (!layout.partitionColumns.includes(key)) {
        throw new InvalidParameterError(
          `${key} is not a partition column (partition columns: ${layout.partitionColumns.join(', ') || 'none'})`,
        );
      }
    }
  }
  const groups = groupRowsByPartition(layout, withPartitions);
  if (groups.length !== 1) {
    throw new InvalidParameterError(
      `one data file holds one partition, but these rows span ${groups.length} partitions; use append() or split them`,
    );
  }
  const group = groups[0];
  if (given) {
    for (const name of layout.partitionColumns) {
      const column = layout.columns.find((c) => c.name === name) as DeltaColumn;
      const expected = serializePartitionValue(column, normalizeValue(column, given[name], -1));
      if (group.partitionValues[name] !== expected) {
        throw new InvalidParameterError(
          `rows have ${name}=${group.partitionValues[name]} but the file's partition value is ${expected}`,
        );
      }
    }
  }
  return group;
}

/** Writes one Parquet data file (data columns only) into its partition folder and returns its `add`. */
export async function writeParquetDataFile(
  storage: TableStorage,
  layout: TableLayout,
  group: RowGroupForFile,
  createdBy: string,
): Promise<AddAction> {
  if (group.rows.length === 0) throw new InvalidParameterError('a data file needs at least one row');
  const dataColumns = layout.columns.filter((c) => !layout.partitionColumns.includes(c.name));
  const bytes = await encodeParquetDataFile(dataColumns, group.rows, createdBy);
  const storagePath = newDataFilePath(partitionDirectory(layout.partitionColumns, group.partitionValues));
  if (!(await storage.putIfAbsent(storagePath, bytes))) {
    throw new InvalidParameterError(`data file ${storagePath} already exists`);
  }
  const info = await storage.stat(storagePath);
  return {
    path: toAddPath(storagePath),
    partitionValues: { ...group.partitionValues },
    size: info?.size ?? bytes.byteLength,
    modificationTime: info?.modificationTime ?? Date.now(),
    dataChange: true,
    stats: JSON.stringify(computeStats(dataColumns, group.rows)),
  };
}
