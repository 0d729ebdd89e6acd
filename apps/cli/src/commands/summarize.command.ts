import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { BUILTIN_EXTRACTIVE_MODEL_URI, InvalidParameterError, ResourceNotFoundError } from '@llmops/contract';
import {
  createSummarizer,
  loadJsonlDataset,
  loadModelPackage,
  MLMODEL_FILE,
  SettingValue,
  Summarizer,
} from '@llmops/pipeline';

export interface SummarizeFileOptions {
  /** A packaged model directory (with MLmodel), a transformers.js model folder, or `extractive`. */
  model: string;
  file: string;
  settings?: Record<string, SettingValue>;
  threads?: number;
  /** Articles per model call (progress advances per chunk). */
  chunkSize?: number;
  out: Writable;
  /** Where the progress bar goes (stderr); no bar when undefined. */
  progress?: NodeJS.WriteStream;
}

export interface SummarizeFileResult {
  summarized: number;
  failed: number;
}

/**
 * Offline summarization of a JSON Lines file, no server: reads `{"id","article"}` lines and writes
 * `{"id","summary"}` lines (a row that fails gets `"summary": null` and `"error"`, the rest go on).
 * Local paths are fine here: the caller is the user on their own machine.
 */
export async function summarizeFile(options: SummarizeFileOptions): Promise<SummarizeFileResult> {
  const rows = await loadJsonlDataset(options.file);
  const summarizer = await loadLocalModel(options.model, options.threads ?? 1);
  const bar = options.progress
    ? new SingleBar({
        stream: options.progress,
        format: 'summarizing [{bar}] {value}/{total} articles | {eta_formatted} left',
        etaBuffer: 20,
      })
    : undefined;
  bar?.start(rows.length, 0);
  const chunkSize = Math.max(1, options.chunkSize ?? 1);
  let summarized = 0;
  let failed = 0;
  try {
    for (let start = 0; start < rows.length; start += chunkSize) {
      const chunk = rows.slice(start, start + chunkSize);
      const valid = chunk.filter((r) => r.article.trim() !== '');
      let results: Map<string, string> | Error;
      try {
        const out = valid.length
          ? await summarizer.summarize(
              valid.map((r) => r.article),
              options.settings,
            )
          : [];
        results = new Map(valid.map((r, i) => [r.id, out[i].summary]));
      } catch (error) {
        results = error as Error;
      }
      for (const row of chunk) {
        let line: Record<string, unknown>;
        if (row.article.trim() === '') line = { id: row.id, summary: null, error: 'article is empty' };
        else if (results instanceof Error) line = { id: row.id, summary: null, error: results.message };
        else line = { id: row.id, summary: results.get(row.id) };
        if (line.summary === null) failed += 1;
        else summarized += 1;
        await write(options.out, `${JSON.stringify(line)}\n`);
      }
      bar?.increment(chunk.length);
    }
  } finally {
    bar?.stop();
    await summarizer.dispose();
  }
  return { summarized, failed };
}

/** `extractive`, a packaged model directory, or a bare transformers.js model folder. */
export async function loadLocalModel(model: string, threads: number): Promise<Summarizer> {
  if (model === BUILTIN_EXTRACTIVE_MODEL_URI) return createSummarizer({ flavor: 'extractive' });
  const dir = resolve(model);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ResourceNotFoundError(
      `--model ${model}: no such directory (expected a model package, a model folder or "extractive")`,
    );
  }
  if (existsSync(join(dir, MLMODEL_FILE))) return (await loadModelPackage(dir, { intraOpThreads: threads })).summarizer;
  if (existsSync(join(dir, 'config.json'))) {
    return createSummarizer({ flavor: 'onnx-seq2seq', model: dir, settings: { intraOpThreads: threads } });
  }
  throw new InvalidParameterError(
    `--model ${model}: neither a model package (MLmodel) nor a model folder (config.json)`,
  );
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolveWrite, reject) => {
    if (stream.write(text)) resolveWrite();
    else stream.once('drain', resolveWrite).once('error', reject);
  });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function settingsJson(value: string): Record<string, SettingValue> {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, SettingValue>;
  } catch {
    // fall through
  }
  throw new InvalidArgumentError('must be a JSON object, e.g. \'{"maxNewTokens": 60}\'');
}

/** `llmops summarize --model <dir|extractive> FILE.jsonl` */
export function registerSummarizeCommand(program: Command): Command {
  return program
    .command('summarize')
    .description('Summarize a JSON Lines file offline ({"id","article"} in, {"id","summary"} out on stdout)')
    .argument('<file>', 'JSON Lines file of {"id","article"} objects')
    .requiredOption('-m, --model <dir|extractive>', 'model package directory, model folder, or "extractive"')
    .option('-s, --settings <json>', 'generation settings, e.g. \'{"maxNewTokens": 60}\'', settingsJson)
    .option('-t, --threads <n>', 'ONNX Runtime intra-op threads', positiveInt, 1)
    .option('--chunk-size <n>', 'articles per model call', positiveInt, 1)
    .action(
      async (
        file: string,
        opts: { model: string; settings?: Record<string, SettingValue>; threads: number; chunkSize: number },
      ) => {
        const result = await summarizeFile({
          model: opts.model,
          file,
          settings: opts.settings,
          threads: opts.threads,
          chunkSize: opts.chunkSize,
          out: process.stdout,
          progress: process.stderr,
        });
        process.stderr.write(`${result.summarized} summarized, ${result.failed} failed\n`);
        if (result.failed > 0) process.exitCode = 1;
      },
    );
}
