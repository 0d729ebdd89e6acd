import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';

/** One news article, with its reference summary when the dataset has one. */
export interface DatasetRow {
  id: string;
  article: string;
  reference?: string | null;
}

/**
 * A short, stable content digest like MLflow's dataset digests (8 hex chars of a sha256): the same
 * rows in the same order give the same digest on every machine.
 */
export function datasetDigest(rows: readonly DatasetRow[]): string {
  const hash = createHash('sha256');
  hash.update(`rows=${rows.length}\n`);
  for (const row of rows) {
    hash.update(JSON.stringify([row.id, row.article, row.reference ?? null]));
    hash.update('\n');
  }
  return hash.digest('hex').slice(0, 8);
}

/**
 * Reads a JSON Lines file of `{id, article, reference?}` objects (`text` is accepted for `article`,
 * `summary`/`highlights` for `reference`). Blank lines are skipped; a bad line names its number.
 */
export async function loadJsonlDataset(path: string): Promise<DatasetRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ResourceNotFoundError(`Dataset file ${path} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseJsonlDataset(text, path);
}

export function parseJsonlDataset(text: string, source = 'dataset'): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // Never the parser's message: it quotes the line, and a file's content is not the caller's to see.
      throw new InvalidParameterError(`${where}: not valid JSON`, { cause: error });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidParameterError(`${where}: expected a JSON object`);
    }
    const record = value as Record<string, unknown>;
    const id = record.id;
    const article = record.article ?? record.text;
    const reference = record.reference ?? record.summary ?? record.highlights ?? null;
    if (typeof id !== 'string' && typeof id !== 'number') throw new InvalidParameterError(`${where}: missing "id"`);
    if (typeof article !== 'string') throw new InvalidParameterError(`${where}: missing "article" text`);
    if (reference !== null && typeof reference !== 'string') {
      throw new InvalidParameterError(`${where}: "reference" must be a string or null`);
    }
    const key = String(id);
    if (seen.has(key)) throw new InvalidParameterError(`${where}: repeats the id of line ${seen.get(key)}`);
    seen.set(key, index + 1);
    rows.push({ id: key, article, reference });
  });
  return rows;
}
