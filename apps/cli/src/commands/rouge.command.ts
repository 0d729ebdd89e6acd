import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { InvalidParameterError } from '@llmops/contract';
import { corpusRouge } from '@llmops/pipeline';

export interface RougeMeans {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  rougeLsum: number;
}

/**
 * Corpus ROUGE of a JSONL text of `{"prediction", "reference"}` lines: the mean per-pair F1 of
 * each type (as HF `evaluate` reports it). Blank lines are skipped; a bad line names its number.
 */
export function rougeOfJsonl(text: string, options: { useStemmer?: boolean } = {}, source = 'input'): RougeMeans {
  const pairs: Array<{ prediction: string; reference: string }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidParameterError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const row = value as Record<string, unknown> | null;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new InvalidParameterError(`${where}: expected a JSON object`);
    }
    if (typeof row.prediction !== 'string') throw new InvalidParameterError(`${where}: "prediction" must be a string`);
    if (typeof row.reference !== 'string') throw new InvalidParameterError(`${where}: "reference" must be a string`);
    pairs.push({ prediction: row.prediction, reference: row.reference });
  });
  if (pairs.length === 0) throw new InvalidParameterError(`${source}: no {"prediction","reference"} lines`);
  const r = corpusRouge(pairs, { useStemmer: options.useStemmer ?? true });
  return { rouge1: r.rouge1, rouge2: r.rouge2, rougeL: r.rougeL, rougeLsum: r.rougeLsum };
}

/** `llmops rouge FILE.jsonl`: prints the corpus means as one JSON object. */
export function registerRougeCommand(program: Command): Command {
  return program
    .command('rouge')
    .description('Corpus ROUGE-1/2/L/Lsum (mean F1, 0..1) of a JSONL file of {"prediction","reference"} lines')
    .argument('<file>', 'JSONL file, one {"prediction","reference"} object per line')
    .option('--no-stemmer', 'compare words without Porter stemming')
    .action(async (file: string, opts: { stemmer: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
      }
      console.log(JSON.stringify(rougeOfJsonl(text, { useStemmer: opts.stemmer }, file)));
    });
}
