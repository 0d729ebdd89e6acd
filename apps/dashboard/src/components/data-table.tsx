import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

export interface Column<T> {
  key: string;
  header: ComponentChildren;
  /** Text of the header for screen readers and sort buttons when `header` is not plain text. */
  label?: string;
  cell: (row: T) => ComponentChildren;
  /** Value to sort by (client-side sorting); without it the column is not sortable here. */
  sortValue?: (row: T) => string | number | null | undefined;
  numeric?: boolean;
  className?: string;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
}

/**
 * A table with sortable columns (buttons in the headers, `aria-sort`), in a scrolling box so that
 * a narrow window scrolls the table, not the page. Sorting is client-side unless the caller
 * controls it (`sort` + `onSort`, e.g. to ask the server for another order).
 */
export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  caption?: string;
  sort?: SortState | null;
  onSort?: (sort: SortState) => void;
  sortable?: (column: Column<T>) => boolean;
  empty?: ComponentChildren;
  rowClass?: (row: T) => string | undefined;
}) {
  const [localSort, setLocalSort] = useState<SortState | null>(null);
  const controlled = props.onSort !== undefined;
  const sort = controlled ? (props.sort ?? null) : localSort;
  const rows = useMemo(() => {
    if (controlled || !sort) return props.rows;
    const column = props.columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return props.rows;
    const value = column.sortValue;
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...props.rows].sort((a, b) => compare(value(a), value(b)) * sign);
  }, [props.rows, props.columns, sort, controlled]);
  const canSort = (c: Column<T>) => (props.sortable ? props.sortable(c) : c.sortValue !== undefined);
  const toggle = (key: string) => {
    const next: SortState =
      sort?.key === key ? { key, direction: sort.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' };
    if (controlled) props.onSort!(next);
    else setLocalSort(next);
  };
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  class={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}
                  aria-sort={active ? (sort!.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {canSort(c) ? (
                    <button
                      type="button"
                      class="sort"
                      onClick={() => toggle(c.key)}
                      aria-label={`Sort by ${c.label ?? (typeof c.header === 'string' ? c.header : c.key)}`}
                    >
                      {c.header}
                      <span aria-hidden="true" class="sort-mark">
                        {active ? (sort!.direction === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="empty">
                {props.empty ?? 'Nothing to show'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={props.rowKey(row)} class={props.rowClass?.(row)}>
                {props.columns.map((c) => (
                  <td key={c.key} class={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  const missingA = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const missingB = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
