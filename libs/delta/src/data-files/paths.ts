import { randomUUID } from 'node:crypto';

/** Spark's Hive-style partition folder name escaping (ExternalCatalogUtils.escapePathName). */
const HIVE_ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7F', '{', '[', ']', '^']);
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

function hex(code: number): string {
  return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

export function escapeHivePathName(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x20 || HIVE_ESCAPED.has(ch) ? hex(code) : ch;
  }
  return out;
}

/** `part1=a/part2=b/` for the partition values in column order, '' for an unpartitioned table. */
export function partitionDirectory(partitionColumns: readonly string[], values: Record<string, string | null>): string {
  return partitionColumns
    .map((name) => {
      const value = values[name];
      return `${escapeHivePathName(name)}=${value === null || value === undefined ? HIVE_DEFAULT_PARTITION : escapeHivePathName(value)}/`;
    })
    .join('');
}

/** A fresh data file name in Spark's style: `part-00000-<uuid>-c000.snappy.parquet`. */
export function newDataFilePath(partitionDir: string): string {
  return `${partitionDir}part-00000-${randomUUID()}-c000.snappy.parquet`;
}

/**
 * `add.path` is a URI reference (RFC 2396) relative to the table root, so the storage path is
 * percent-encoded once more: a Hive-escaped `%3A` becomes `%253A`, as Spark writes it.
 */
export function toAddPath(storagePath: string): string {
  return storagePath
    .split('/')
    .map((segment) =>
      Array.from(new TextEncoder().encode(segment), (byte) => {
        const ch = String.fromCharCode(byte);
        return /[A-Za-z0-9\-._~=+!$&'(),;@]/.test(ch) && byte < 0x80 ? ch : hex(byte);
      }).join(''),
    )
    .join('/');
}

/** The storage path (relative to the table root) an `add.path` refers to. */
export function fromAddPath(addPath: string): string {
  return addPath
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/');
}

/** True for an absolute URI (`file:///...`, `s3://...`), which `add.path` may also be. */
export function isAbsoluteUri(addPath: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(addPath);
}
