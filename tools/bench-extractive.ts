/**
 * The offline default summarizer (extractive, TextRank defaults) against Lead-3, on the project's
 * held-out set by default, with a paired bootstrap 95% confidence interval of the difference.
 *   npm run bench:extractive                              data/news/eval.jsonl (held out: never tuned on)
 *   npm run bench:extractive -- data/news/dev.jsonl ...   other JSONL files with references
 * Options through env: SETTINGS='{"positionWeight":0.5}' adds a TextRank variant to the table;
 * SAMPLES (bootstrap resamples, default 2000).
 * Rows are also broken down by collection (the id's prefix: wikinews-meantime, wikinews-gum).
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createSummarizer,
  DatasetRow,
  ExtractiveSettings,
  loadJsonlDataset,
  pairedBootstrap,
  scoreRouge,
} from '@llmops/pipeline';

const ROOT = resolve(__dirname, '..');
const TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
type Type = (typeof TYPES)[number];
type PerArticle = Record<Type, number[]>;

async function perArticle(rows: DatasetRow[], settings: Partial<ExtractiveSettings>) {
  const summarizer = await createSummarizer({ flavor: 'extractive', settings });
  const results = await summarizer.summarize(rows.map((r) => r.article));
  const scores: PerArticle = { rouge1: [], rouge2: [], rougeL: [], rougeLsum: [] };
  results.forEach((r, i) => {
    const s = scoreRouge(r.summary, rows[i].reference as string, { splitSummaries: true });
    for (const t of TYPES) scores[t].push(s[t].fmeasure);
  });
  return { scores, words: results.reduce((a, r) => a + r.tokensOut, 0) / results.length };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => (100 * x).toFixed(2);

function collectionOf(id: string): string {
  return /^(wikinews-[a-z]+)-/.exec(id)?.[1] ?? 'other';
}

async function report(title: string, rows: DatasetRow[], samples: number): Promise<void> {
  const extra = JSON.parse(process.env.SETTINGS ?? '{}') as Partial<ExtractiveSettings>;
  const variants: Array<[string, Partial<ExtractiveSettings>]> = [
    ['lead-3 (first 3 sentences)', { method: 'lead', maxSentences: 3, maxWords: 0 }],
    ['lead, same budget as ours (3 sentences, 65 words)', { method: 'lead', maxSentences: 3, maxWords: 65 }],
    ['**extractive default** (textrank)', {}],
  ];
  if (Object.keys(extra).length > 0)
    variants.push([`textrank ${JSON.stringify(extra)}`, { method: 'textrank', ...extra }]);
  const scored = [];
  for (const [name, settings] of variants) scored.push({ name, ...(await perArticle(rows, settings)) });
  console.log(`\n### ${title}: ${rows.length} articles\n`);
  console.log('| summarizer | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | mean words |');
  console.log('|---|---|---|---|---|---|');
  for (const s of scored) {
    console.log(`| ${s.name} | ${TYPES.map((t) => pct(mean(s.scores[t]))).join(' | ')} | ${s.words.toFixed(1)} |`);
  }
  const [lead3, , ours] = scored;
  console.log(`\nextractive default - lead-3, paired bootstrap (${samples} resamples, 95% interval):\n`);
  console.log(
    '| | default | lead-3 | difference | 95% interval of the difference | resamples where default <= lead-3 |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const t of TYPES) {
    const b = pairedBootstrap(ours.scores[t], lead3.scores[t], { samples, seed: 1 });
    const ci = (x: { low: number; high: number }) => `[${pct(x.low)}, ${pct(x.high)}]`;
    console.log(
      `| ${t} | ${pct(b.a.mean)} ${ci(b.a)} | ${pct(b.b.mean)} ${ci(b.b)} | ${b.difference.mean >= 0 ? '+' : ''}${pct(b.difference.mean)} | ${ci(b.difference)} | ${(100 * b.notBetter).toFixed(1)}% |`,
    );
  }
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const paths = files.length > 0 ? files.map((f) => resolve(f)) : [join(ROOT, 'data', 'news', 'eval.jsonl')];
  const samples = Number(process.env.SAMPLES ?? 2000);
  let rows: DatasetRow[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`no such dataset: ${p}`);
    rows = rows.concat(await loadJsonlDataset(p));
  }
  rows = rows.filter((r) => typeof r.reference === 'string' && r.reference.trim() !== '');
  console.log(`${rows.length} articles with references from ${paths.join(', ')}`);
  await report('all', rows, samples);
  const collections = [...new Set(rows.map((r) => collectionOf(r.id)))].sort();
  if (collections.length > 1) {
    for (const c of collections)
      await report(
        c,
        rows.filter((r) => collectionOf(r.id) === c),
        samples,
      );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
