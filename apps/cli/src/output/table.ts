/** Plain-text tables for humans; `--json` output never goes through here. */

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  /** Cells longer than this are cut with an ellipsis (0 = never). */
  maxCellWidth?: number;
}

export function cellText(value: Cell, maxWidth = 0): string {
  let text: string;
  if (value === null || value === undefined || value === '') text = '-';
  else if (typeof value === 'number') text = formatNumber(value);
  else text = String(value).replace(/\s*\n\s*/g, ' ');
  return maxWidth > 0 && text.length > maxWidth ? `${text.slice(0, Math.max(1, maxWidth - 1))}…` : text;
}

/** Numbers at most 6 significant decimals, integers as they are. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** Columns padded to their widest cell, separated by two spaces; no trailing spaces. */
export function formatTable(headers: string[], rows: Cell[][], options: TableOptions = {}): string {
  const texts = rows.map((row) => headers.map((_, i) => cellText(row[i], options.maxCellWidth ?? 0)));
  const widths = headers.map((h, i) => Math.max(h.length, ...texts.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...texts.map(line)].join('\n');
}

/** `key: value` lines with the keys aligned. */
export function formatFields(fields: Array<[string, Cell]>): string {
  const width = Math.max(0, ...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cellText(v)}`).join('\n');
}

/** Epoch ms as an ISO time (UTC, seconds); '-' when absent. */
export function formatTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return '-';
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
