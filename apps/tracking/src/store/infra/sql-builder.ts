import { InvalidParameterError } from '@llmops/contract';
import { Comparator, Comparison } from '../../shared/search/search-filter';

/** Collects bound parameters and hands out their placeholders ($1, $2...). */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /**
   * A list of any length as one parameter, for `x IN (...)`: a JSON array unnested in SQL, so a
   * long list neither exceeds the parameter limit nor differs between pg and PGlite.
   */
  jsonList(values: readonly string[]): string {
    return `SELECT jsonb_array_elements_text(${this.add(JSON.stringify(values))}::jsonb)`;
  }

  /** A list of placeholders for IN (...). */
  list(values: readonly unknown[], cast = ''): string {
    return values.map((v) => `${this.add(v)}${cast}`).join(', ');
  }
}

/**
 * `<column> <comparator> <value>` with the value bound. `kind` decides how a value is cast:
 * numbers travel as text and are cast to float8 in SQL, so NaN/Infinity and fractions behave
 * the same in pg and PGlite.
 */
export function comparisonSql(column: string, c: Comparison, kind: 'string' | 'number', params: SqlParams): string {
  if (kind === 'number') {
    const value = `${params.add(String(c.value))}::float8`;
    return `${column} ${sqlOperator(c.comparator)} ${value}`;
  }
  switch (c.comparator) {
    case 'IN':
    case 'NOT IN': {
      const values = c.value as string[];
      return `${column} ${c.comparator} (${params.list(values)})`;
    }
    case 'LIKE':
    case 'ILIKE':
      return `${column} ${c.comparator} ${params.add(c.value)}`;
    default:
      return `${column} ${sqlOperator(c.comparator)} ${params.add(c.value)}`;
  }
}

function sqlOperator(comparator: Comparator): string {
  const ops: Partial<Record<Comparator, string>> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
  const op = ops[comparator];
  if (!op) throw new InvalidParameterError(`Comparator ${comparator} is not allowed here`);
  return op;
}

/** Chunks ids so that a statement never exceeds PostgreSQL's parameter limit. */
export function chunks<T>(items: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** PostgreSQL's unique_violation, from pg or PGlite through TypeORM. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code === '23505' || e?.code === '23505';
}
